/**
 * PLOVER's sixteen event categories (Open Event Data Alliance, PLOVER manual 0.7): their quad category
 * (1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict) and the modes
 * the manual defines for them. Pure data.
 */
export const PLOVER_CATEGORIES: Readonly<Record<string, { quad: 1 | 2 | 3 | 4; modes: readonly string[] }>> =
  {
    AGREE: { quad: 1, modes: [] },
    CONSULT: { quad: 1, modes: ['visit', 'third-party', 'multilateral', 'phone'] },
    SUPPORT: { quad: 1, modes: [] },
    CONCEDE: { quad: 1, modes: [] },
    COOPERATE: { quad: 2, modes: [] },
    AID: { quad: 2, modes: ['economic', 'military', 'humanitarian', 'asylum'] },
    RETREAT: { quad: 2, modes: ['withdraw', 'release', 'return', 'disarm', 'ceasefire', 'access', 'resign'] },
    DEMAND: { quad: 3, modes: ['assist', 'change', 'yield', 'meet'] },
    ACCUSE: { quad: 3, modes: [] },
    REJECT: { quad: 3, modes: ['assist', 'change', 'yield', 'meet'] },
    THREATEN: {
      quad: 3,
      modes: ['restrict', 'ban', 'arrest', 'relations', 'expel', 'territory', 'violence'],
    },
    SANCTION: { quad: 3, modes: ['convict', 'cancel', 'expel', 'withdraw', 'sever'] },
    PROTEST: {
      quad: 4,
      modes: ['demo', 'riot', 'strike-gen', 'strike-lim', 'strike-hun', 'boycott', 'obstruct'],
    },
    MOBILIZE: { quad: 4, modes: ['troops', 'weapons', 'police'] },
    COERCE: {
      quad: 4,
      modes: [
        'confiscate',
        'restrict',
        'ban',
        'censor',
        'curfew',
        'martial-law',
        'arrest',
        'deport',
        'withhold',
      ],
    },
    ASSAULT: {
      quad: 4,
      modes: [
        'abduct',
        'beat',
        'torture',
        'execute',
        'sexual',
        'assassinate',
        'destroy',
        'primitive',
        'firearms',
        'explosives',
        'suicide-attack',
        'heavy-weapons',
      ],
    },
  };

/** How marsad's actor and target become PLOVER's actor and recipient lists (see plover-mapping.tsv). */
export const PLOVER_ROLES = ['one-sided', 'two-sided', 'members', 'reverse'] as const;
export type PloverRoles = (typeof PLOVER_ROLES)[number];
