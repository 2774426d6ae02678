/** UI strings in Arabic (default, right-to-left) and English. Every label of the app is here. */
import { createContext, useContext } from 'react';
import type { EventType } from '../../src/types';

export type Lang = 'ar' | 'en';

interface Pair {
  ar: string;
  en: string;
}

const STRINGS = {
  appName: { ar: 'مرصد', en: 'Marsad' },
  appTagline: { ar: 'أحداث النزاع من الأخبار العربية', en: 'Conflict events from Arabic news' },
  navOverview: { ar: 'نظرة عامة', en: 'Overview' },
  navMap: { ar: 'الخريطة', en: 'Map' },
  navEvents: { ar: 'الأحداث', en: 'Events' },
  navIncidents: { ar: 'الوقائع', en: 'Incidents' },
  navPersons: { ar: 'الأشخاص', en: 'Persons' },
  navGroups: { ar: 'الجماعات', en: 'Groups' },
  navAlerts: { ar: 'التنبيهات', en: 'Alerts' },
  navSettings: { ar: 'الإعدادات', en: 'Settings' },
  switchLang: { ar: 'English', en: 'العربية' },
  switchLangLabel: { ar: 'التبديل إلى الإنكليزية', en: 'Switch to Arabic' },
  loading: { ar: 'جارٍ التحميل…', en: 'Loading…' },
  error: { ar: 'خطأ', en: 'Error' },
  notFound: { ar: 'الصفحة غير موجودة', en: 'Page not found' },
  none: { ar: 'لا شيء', en: 'None' },
  noResults: { ar: 'لا نتائج', en: 'No results' },
  unknown: { ar: 'غير معروف', en: 'unknown' },
  /** From actor to target, pointing along the reading direction. */
  arrow: { ar: '←', en: '→' },
  colorKey: { ar: 'مفتاح الألوان', en: 'Colour key' },

  // Overview
  totals: { ar: 'الأرقام الإجمالية', en: 'Totals' },
  documents: { ar: 'المقالات', en: 'Articles' },
  events: { ar: 'الأحداث', en: 'Events' },
  incidents: { ar: 'الوقائع', en: 'Incidents' },
  persons: { ar: 'الأشخاص', en: 'Persons' },
  mentions: { ar: 'الإشارات', en: 'Mentions' },
  timeline: { ar: 'الأحداث بحسب النوع عبر الزمن', en: 'Events by type over time' },
  bucket: { ar: 'الفترة', en: 'Period' },
  week: { ar: 'أسبوع', en: 'Week' },
  month: { ar: 'شهر', en: 'Month' },
  byType: { ar: 'حسب النوع', en: 'By type' },
  topOutlets: { ar: 'أكثر المصادر نشراً', en: 'Outlets with most articles' },
  cohesion: { ar: 'مؤشرات تماسك الجماعة', en: 'Group cohesion signals' },
  cohesionHelp: {
    ar: 'إشارات تفكك الجماعة أسبوعياً، والتغير مقارنة بالفترة السابقة بالطول نفسه.',
    en: 'Weekly signals of the group coming apart, and the change against the previous period of equal length.',
  },
  group: { ar: 'الجماعة', en: 'Group' },
  area: { ar: 'المحافظة', en: 'Governorate' },
  allAreas: { ar: 'كل المحافظات', en: 'All governorates' },
  weeks: { ar: 'عدد الأسابيع', en: 'Weeks' },
  current: { ar: 'الفترة الحالية', en: 'Current period' },
  previous: { ar: 'الفترة السابقة', en: 'Previous period' },
  change: { ar: 'التغير', en: 'Change' },
  newSignal: { ar: 'جديد', en: 'new' },
  byArea: { ar: 'حسب المحافظة', en: 'By governorate' },
  chartNote: { ar: 'الزمن من اليسار إلى اليمين.', en: 'Time runs left to right.' },

  // Filters and table
  filters: { ar: 'عوامل التصفية', en: 'Filters' },
  type: { ar: 'النوع', en: 'Type' },
  types: { ar: 'الأنواع', en: 'Types' },
  allTypes: { ar: 'كل الأنواع', en: 'All types' },
  actor: { ar: 'الفاعل', en: 'Actor' },
  target: { ar: 'المستهدف', en: 'Target' },
  place: { ar: 'المكان', en: 'Place' },
  placeHint: { ar: 'مكان أو منطقة إدارية', en: 'place or admin area' },
  from: { ar: 'من تاريخ', en: 'From' },
  to: { ar: 'إلى تاريخ', en: 'To' },
  outlet: { ar: 'المصدر', en: 'Outlet' },
  person: { ar: 'الشخص', en: 'Person' },
  reviewState: { ar: 'حالة المراجعة', en: 'Review state' },
  q: { ar: 'بحث في النص', en: 'Text search' },
  incident: { ar: 'الواقعة', en: 'Incident' },
  personId: { ar: 'رقم الشخص', en: 'Person id' },
  placeId: { ar: 'رقم المكان', en: 'Place id' },
  apply: { ar: 'تطبيق', en: 'Apply' },
  clear: { ar: 'مسح', en: 'Clear' },
  date: { ar: 'التاريخ', en: 'Date' },
  count: { ar: 'العدد', en: 'Count' },
  killed: { ar: 'القتلى', en: 'Killed' },
  evidence: { ar: 'الجملة الدالة', en: 'Evidence' },
  actions: { ar: 'إجراءات', en: 'Actions' },
  loadMore: { ar: 'تحميل المزيد', en: 'Load more' },
  shownOf: { ar: 'المعروض {n} من {total}', en: 'Showing {n} of {total}' },
  sortNote: {
    ar: 'الفرز بالنقر على عناوين الأعمدة يرتب الصفوف المحمّلة فقط.',
    en: 'Sorting by a column header orders the loaded rows only.',
  },
  rowHint: {
    ar: 'انقر على صف لفتح الواقعة (أو المقال إن لم تكن للحدث واقعة).',
    en: 'Click a row to open its incident (or its article when it has none).',
  },
  details: { ar: 'التفاصيل', en: 'Details' },
  openArticle: { ar: 'المقال', en: 'Article' },
  openIncident: { ar: 'الواقعة', en: 'Incident' },
  exportCsv: { ar: 'تصدير CSV', en: 'Export CSV' },

  // Review
  review: { ar: 'المراجعة', en: 'Review' },
  reviewAny: { ar: 'الكل', en: 'Any' },
  reviewDefault: { ar: 'كل ما لم يُرفض', en: 'All but rejected' },
  unreviewed: { ar: 'غير مراجَع', en: 'Unreviewed' },
  confirmed: { ar: 'مؤكَّد', en: 'Confirmed' },
  rejected: { ar: 'مرفوض', en: 'Rejected' },
  edited: { ar: 'معدَّل', en: 'Edited' },
  confirm: { ar: 'تأكيد', en: 'Confirm' },
  reject: { ar: 'رفض', en: 'Reject' },
  edit: { ar: 'تعديل', en: 'Edit' },
  reset: { ar: 'إلغاء المراجعة', en: 'Reset' },
  saveEdit: { ar: 'حفظ التعديل', en: 'Save edit' },
  cancel: { ar: 'إلغاء', en: 'Cancel' },
  note: { ar: 'ملاحظة (اختيارية)', en: 'Note (optional)' },
  history: { ar: 'سجل المراجعة', en: 'Review history' },
  noHistory: { ar: 'لم يراجع أحد هذا الحدث بعد.', en: 'Nobody has reviewed this event yet.' },
  by: { ar: 'بواسطة', en: 'by' },
  before: { ar: 'كانت', en: 'was' },
  changes: { ar: 'التغييرات', en: 'Changes' },
  needToken: {
    ar: 'المراجعة تحتاج إلى رمز دخول: الصقه هنا أو في الإعدادات.',
    en: 'Reviewing needs an access token: paste it here or in Settings.',
  },
  dateStart: { ar: 'بداية التاريخ', en: 'Date start' },
  dateEnd: { ar: 'نهاية التاريخ', en: 'Date end' },
  eventPage: { ar: 'الحدث', en: 'Event' },
  trigger: { ar: 'الكلمة الدالة', en: 'Trigger' },
  certainty: { ar: 'درجة اليقين', en: 'Certainty' },
  rules: { ar: 'القواعد', en: 'Rules' },
  lexicon: { ar: 'مداخل المعجم', en: 'Lexicon entries' },
  charges: { ar: 'التهم', en: 'Charges' },
  saved: { ar: 'تم الحفظ', en: 'Saved' },

  // Settings
  settings: { ar: 'الإعدادات', en: 'Settings' },
  token: { ar: 'رمز الدخول', en: 'Access token' },
  tokenHelp: {
    ar: 'ينشئه المسؤول بالأمر marsad user add الاسم، ويُحفظ في هذا المتصفح فقط.',
    en: 'Created with `marsad user add NAME`; kept in this browser only.',
  },
  tiles: { ar: 'خادم البلاطات', en: 'Tile server' },
  tilesHelp: {
    ar: 'قالب بلاطات نقطية {z}/{x}/{y} يحل محل الخريطة الأساسية المضمّنة (اتركه فارغاً للعمل دون اتصال).',
    en: 'A raster {z}/{x}/{y} template replacing the built-in basemap (leave empty to work offline).',
  },
  tilesAttribution: { ar: 'نسبة البلاطات', en: 'Tile attribution' },
  save: { ar: 'حفظ', en: 'Save' },
  language: { ar: 'اللغة', en: 'Language' },

  // Map
  mapTitle: { ar: 'خريطة الأحداث', en: 'Event map' },
  visibleEvents: { ar: 'الأحداث الظاهرة: {n}', en: 'Events shown: {n}' },
  notMapped: { ar: 'دون إحداثيات: {n}', en: 'Without coordinates: {n}' },
  timeSlider: { ar: 'حتى أسبوع', en: 'Up to week' },
  play: { ar: 'تشغيل', en: 'Play' },
  pause: { ar: 'إيقاف', en: 'Pause' },
  window: { ar: 'النافذة الزمنية', en: 'Time window' },
  windowAll: { ar: 'تراكمي', en: 'Cumulative' },
  window1: { ar: 'أسبوع واحد', en: 'One week' },
  window4: { ar: 'أربعة أسابيع', en: 'Four weeks' },
  legend: { ar: 'مفتاح الخريطة', en: 'Legend' },
  radiusNote: {
    ar: 'حجم الدائرة حسب عدد القتلى؛ المجموعات تُجمَّع عند التكدس.',
    en: 'Circle size by fatalities; dense points are clustered.',
  },
  admin1Layer: { ar: 'مجاميع المحافظات', en: 'Governorate totals' },
  admin1Note: {
    ar: 'لا تتوفر حدود إدارية دون اتصال، لذا تُرسم مجاميع كل محافظة دوائرَ متناسبة عند متوسط مواقع أحداثها.',
    en: 'No admin boundaries are available offline: each governorate’s total is drawn as a proportional circle at the mean position of its events.',
  },
  basemapOffline: {
    ar: 'الخريطة الأساسية: حدود الدول (دون اتصال)',
    en: 'Basemap: country borders (offline)',
  },
  basemapTiles: { ar: 'الخريطة الأساسية: خادم البلاطات المحدد', en: 'Basemap: the configured tile server' },
  noWebgl: { ar: 'تعذر تشغيل الخريطة (WebGL غير متاح).', en: 'The map cannot start (WebGL unavailable).' },
  clusterOf: { ar: '{n} حدثاً', en: '{n} events' },

  // Incident
  reports: { ar: 'التقارير', en: 'Reports' },
  sources: { ar: 'المصادر', en: 'Sources' },
  corroboration: { ar: 'التأكيد المستقل', en: 'Corroboration' },
  corroborationValue: { ar: '{c} مصادر مستقلة من {n} تقارير', en: '{c} independent of {n} reports' },
  disagreements: { ar: 'القيم بحسب المصادر', en: 'Values by source' },
  support: { ar: '{n} مصادر', en: '{n} sources' },
  supportOne: { ar: 'مصدر واحد', en: '1 source' },
  published: { ar: 'تاريخ النشر', en: 'Published' },
  period: { ar: 'الفترة', en: 'Period' },
  minSources: { ar: 'الحد الأدنى للمصادر المستقلة', en: 'Minimum independent sources' },

  // Article
  article: { ar: 'المقال', en: 'Article' },
  author: { ar: 'الكاتب', en: 'Author' },
  source: { ar: 'الرابط', en: 'Link' },
  kindPerson: { ar: 'شخص', en: 'Person' },
  kindPlace: { ar: 'مكان', en: 'Place' },
  kindGroup: { ar: 'جماعة', en: 'Group' },
  kindDate: { ar: 'تاريخ', en: 'Date' },
  kindEvidence: { ar: 'دليل حدث', en: 'Event evidence' },
  rule: { ar: 'القاعدة', en: 'Rule' },
  entry: { ar: 'المدخل', en: 'Entry' },
  hoverHelp: {
    ar: 'مرّر المؤشر فوق أي تمييز لرؤية القاعدة ومدخل المعجم.',
    en: 'Hover a highlight to see its rule and lexicon entry.',
  },
  eventsInArticle: { ar: 'أحداث المقال', en: 'Events in this article' },

  // Person / group
  person1: { ar: 'شخص', en: 'Person' },
  aliases: { ar: 'أسماء أخرى', en: 'Aliases' },
  titles: { ar: 'الألقاب عبر الزمن', en: 'Titles over time' },
  title: { ar: 'اللقب', en: 'Title' },
  origin: { ar: 'الأصل', en: 'Origin' },
  nationality: { ar: 'الجنسية', en: 'Nationality' },
  documentsCount: { ar: 'عدد المقالات', en: 'Articles' },
  network: { ar: 'شبكة التزامن', en: 'Co-occurrence network' },
  networkHelp: {
    ar: 'الأشخاص والجماعات الذين يظهرون في الأحداث نفسها؛ سماكة الخط بعدد الأحداث المشتركة.',
    en: 'Persons and groups appearing in the same events; line width = shared events.',
  },
  eventsByType: { ar: 'الأحداث حسب النوع', en: 'Events by type' },
  members: { ar: 'أشخاص منسوبون إليها', en: 'Persons attributed to it' },
  asActor: { ar: 'أحداثها فاعلاً', en: 'Events as actor' },
  asTarget: { ar: 'أحداثها مستهدفاً', en: 'Events as target' },
  searchName: { ar: 'بحث بالاسم', en: 'Search by name' },
  name: { ar: 'الاسم', en: 'Name' },
  description: { ar: 'الوصف', en: 'Description' },

  // Alerts
  alertsHelp: {
    ar: 'تُطابَق كل قاعدة مع كل واقعة جديدة أو وصلها تقرير جديد؛ يُرسَل التطابق إلى رابط الويب هوك ويُضاف إلى موجز Atom الخاص بالقاعدة.',
    en: 'Every rule is matched against each incident that is new or receives a new report; a match is sent to the rule’s webhook and added to its Atom feed.',
  },
  alertRules: { ar: 'القواعد المحفوظة', en: 'Saved rules' },
  noAlertRules: { ar: 'لا توجد قواعد بعد.', en: 'No rules yet.' },
  newAlertRule: { ar: 'قاعدة جديدة', en: 'New rule' },
  alertName: { ar: 'اسم القاعدة', en: 'Rule name' },
  conditions: { ar: 'الشروط', en: 'Conditions' },
  conditionsHelp: {
    ar: 'يجب أن تتحقق كل الشروط المعطاة؛ وضمن القائمة الواحدة تكفي أي قيمة. الحقول الفارغة لا تقيّد شيئاً.',
    en: 'Every given condition must hold; within a list, any value matches. Empty fields restrict nothing.',
  },
  anyIncident: { ar: 'كل واقعة جديدة أو متجددة', en: 'Every new or updated incident' },
  groupsAsActorOrTarget: { ar: 'الجماعات (فاعلاً أو مستهدفاً)', en: 'Groups (as actor or target)' },
  places: { ar: 'الأماكن', en: 'Places' },
  placesHint: {
    ar: 'مكان أو منطقة إدارية وكل ما فيها، مفصولة بفواصل: البوكمال، دير الزور',
    en: 'A place or an admin area and everything in it, in Arabic, comma separated (e.g. البوكمال or دير الزور)',
  },
  personsHint: { ar: 'أسماء كما تُكتب، مفصولة بفواصل', en: 'Names as written, comma separated' },
  keywords: { ar: 'كلمات مفتاحية', en: 'Keywords' },
  keywordsHint: {
    ar: 'يجب أن ترد كلها في جملة واحدة من التقرير؛ مفصولة بفواصل',
    en: 'All must occur in one sentence of a report; comma separated',
  },
  webhook: { ar: 'رابط الويب هوك', en: 'Webhook URL' },
  webhookHint: {
    ar: 'اختياري: يُرسَل إليه كل تطابق بطلب POST موقَّع بسرّ القاعدة',
    en: 'Optional: every match is POSTed to it, signed with the rule’s secret',
  },
  noWebhook: { ar: 'دون ويب هوك (الموجز فقط)', en: 'No webhook (feed only)' },
  feed: { ar: 'موجز Atom', en: 'Atom feed' },
  feedHelp: {
    ar: 'انسخ رابط الموجز إلى قارئ الخلاصات لمتابعة التنبيهات.',
    en: 'Copy the feed’s link into a feed reader to follow the alerts.',
  },
  createdAt: { ar: 'أُنشئت', en: 'Created' },
  disabled: { ar: 'معطَّلة', en: 'Disabled' },
  createRule: { ar: 'إنشاء القاعدة', en: 'Create rule' },
  ruleCreated: { ar: 'أُنشئت القاعدة «{name}».', en: 'Rule “{name}” created.' },
  secret: { ar: 'السرّ', en: 'Secret' },
  secretNote: {
    ar: 'انسخ هذا السرّ الآن، فلن يظهر مرة أخرى. به يُوقَّع كل إرسال إلى الويب هوك (الترويسة X-Marsad-Signature).',
    en: 'Copy this secret now: it is not shown again. It signs every webhook delivery (the X-Marsad-Signature header).',
  },
  copy: { ar: 'نسخ', en: 'Copy' },
  copied: { ar: 'نُسخ', en: 'Copied' },
  dismiss: { ar: 'إخفاء', en: 'Dismiss' },
  delete: { ar: 'حذف', en: 'Delete' },
  confirmDelete: { ar: 'حذف القاعدة «{name}»؟', en: 'Delete the rule “{name}”?' },
  yesDelete: { ar: 'نعم، احذفها', en: 'Yes, delete' },
  needTokenAlerts: {
    ar: 'إنشاء القواعد وحذفها يحتاج إلى رمز دخول: أدخله في الإعدادات.',
    en: 'Creating and deleting rules needs an access token: set it in Settings.',
  },
} satisfies Record<string, Pair>;

export type StringKey = keyof typeof STRINGS;

export const TYPE_LABELS: Record<EventType, Pair> = {
  defection: { ar: 'انشقاق', en: 'Defection' },
  insubordination: { ar: 'عصيان', en: 'Insubordination' },
  internal_dispute: { ar: 'خلاف داخلي', en: 'Internal dispute' },
  armed_clash: { ar: 'اشتباك مسلح', en: 'Armed clash' },
  assassination: { ar: 'اغتيال', en: 'Assassination' },
  execution: { ar: 'إعدام', en: 'Execution' },
  arrest: { ar: 'اعتقال', en: 'Arrest' },
  airstrike: { ar: 'غارة جوية', en: 'Airstrike' },
  shelling: { ar: 'قصف', en: 'Shelling' },
  property_destruction: { ar: 'تدمير ممتلكات', en: 'Property destruction' },
  self_harm: { ar: 'إيذاء ذاتي', en: 'Self-harm' },
  security_measures: { ar: 'إجراءات أمنية', en: 'Security measures' },
  prisoner_release: { ar: 'إطلاق سراح', en: 'Prisoner release' },
  territory_change: { ar: 'تغيّر السيطرة', en: 'Territory change' },
  bodies_found: { ar: 'العثور على جثث', en: 'Bodies found' },
};

/** Cohesion signals of /api/stats/cohesion. */
export const SIGNALS = [
  'defection',
  'insubordination',
  'internal_dispute',
  'internal_clash',
  'purge',
  'assassination',
  'self_harm',
] as const;
export type Signal = (typeof SIGNALS)[number];

export const SIGNAL_LABELS: Record<Signal, Pair> = {
  defection: { ar: 'انشقاقات', en: 'Defections' },
  insubordination: { ar: 'عصيان', en: 'Insubordination' },
  internal_dispute: { ar: 'خلافات داخلية', en: 'Internal disputes' },
  internal_clash: { ar: 'اقتتال داخلي', en: 'Internal clashes' },
  purge: { ar: 'تصفيات واعتقالات داخلية', en: 'Purges' },
  assassination: { ar: 'اغتيال عناصرها', en: 'Assassinations of members' },
  self_harm: { ar: 'إيذاء ذاتي', en: 'Self-harm' },
};

/** Fallback names of the actor ids of the extraction, for groups /api/groups does not list. */
export const ACTOR_LABELS: Record<string, Pair> = {
  isis: { ar: 'تنظيم الدولة', en: 'Islamic State' },
  sdf: { ar: 'قسد', en: 'SDF' },
  regime: { ar: 'قوات النظام', en: 'Government forces' },
  coalition: { ar: 'التحالف الدولي', en: 'International coalition' },
  civilians: { ar: 'مدنيون', en: 'Civilians' },
  unknown: { ar: 'مجهولون', en: 'Unknown' },
  russia: { ar: 'روسيا', en: 'Russia' },
  turkey: { ar: 'تركيا', en: 'Turkey' },
  iran: { ar: 'إيران', en: 'Iran' },
  hezbollah: { ar: 'حزب الله', en: 'Hezbollah' },
  iraqi_forces: { ar: 'القوات العراقية', en: 'Iraqi forces' },
  kurdish_forces: { ar: 'القوات الكردية', en: 'Kurdish forces' },
  nusra: { ar: 'جبهة النصرة', en: 'Nusra Front' },
  fsa: { ar: 'الجيش الحر', en: 'Free Syrian Army' },
  opposition: { ar: 'المعارضة', en: 'Opposition' },
  new_syrian_army: { ar: 'جيش سوريا الجديد', en: 'New Syrian Army' },
  popular_resistance: { ar: 'المقاومة الشعبية', en: 'Popular resistance' },
  tribes: { ar: 'العشائر', en: 'Tribes' },
  group: { ar: 'جماعة غير محددة', en: 'Unspecified group' },
};

export const CERTAINTY_LABELS: Record<string, Pair> = {
  reported: { ar: 'مُبلَّغ عنه', en: 'Reported' },
  hedged: { ar: 'غير مؤكد', en: 'Hedged' },
  claimed: { ar: 'ادعاء طرف', en: 'Claimed' },
};

export const ROLE_LABELS: Record<string, Pair> = {
  victim: { ar: 'ضحية', en: 'victim' },
  perpetrator: { ar: 'فاعل', en: 'perpetrator' },
  subject: { ar: 'معني', en: 'subject' },
  source: { ar: 'مصدر', en: 'source' },
};

export const REVIEW_STATES = ['unreviewed', 'confirmed', 'rejected', 'edited'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

export function translate(lang: Lang, key: StringKey, vars?: Record<string, string | number>): string {
  let s = STRINGS[key][lang];
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v));
  return s;
}

export interface I18n {
  lang: Lang;
  t: (key: StringKey, vars?: Record<string, string | number>) => string;
  typeLabel: (type: string) => string;
  setLang: (lang: Lang) => void;
}

export function makeI18n(lang: Lang, setLang: (l: Lang) => void): I18n {
  return {
    lang,
    setLang,
    t: (key, vars) => translate(lang, key, vars),
    typeLabel: (type) => TYPE_LABELS[type as EventType]?.[lang] ?? type,
  };
}

export const I18nContext = createContext<I18n>(makeI18n('ar', () => undefined));

export const useI18n = (): I18n => useContext(I18nContext);

/** The language from `?lang=`, else the stored choice, else Arabic. */
export function initialLang(): Lang {
  const fromUrl = new URLSearchParams(window.location.search).get('lang');
  if (fromUrl === 'en' || fromUrl === 'ar') return fromUrl;
  const stored = window.localStorage.getItem('marsad.lang');
  return stored === 'en' ? 'en' : 'ar';
}

/** Keeps the choice in localStorage and in the URL (`?lang=en`), and sets the document direction. */
export function applyLang(lang: Lang): void {
  window.localStorage.setItem('marsad.lang', lang);
  const url = new URL(window.location.href);
  if (lang === 'ar') url.searchParams.delete('lang');
  else url.searchParams.set('lang', lang);
  window.history.replaceState(null, '', url.toString());
  document.documentElement.lang = lang;
  document.documentElement.dir = lang === 'ar' ? 'rtl' : 'ltr';
  document.title = translate(lang, 'appName');
}
