/** Settings kept in this browser: the review token, the tile server, the language. */
import { useState, type FormEvent } from 'react';
import { useI18n } from '../i18n';
import {
  getTiles,
  getTilesAttribution,
  getToken,
  setTiles,
  setTilesAttribution,
  setToken,
} from '../settings';

export function SettingsPage() {
  const { t, lang, setLang } = useI18n();
  const [token, setTok] = useState(getToken());
  const [tiles, setTl] = useState(getTiles());
  const [attribution, setAttr] = useState(getTilesAttribution());
  const [saved, setSaved] = useState(false);
  const save = (e: FormEvent) => {
    e.preventDefault();
    setToken(token);
    setTiles(tiles);
    setTilesAttribution(attribution);
    setSaved(true);
  };
  return (
    <div className="page settings-page" data-testid="page-settings">
      <h1>{t('settings')}</h1>
      <form onSubmit={save} className="settings" onChange={() => setSaved(false)}>
        <label>
          {t('token')}
          <input
            type="password"
            value={token}
            onChange={(e) => setTok(e.target.value)}
            autoComplete="off"
            data-testid="settings-token"
          />
        </label>
        <p className="muted small">{t('tokenHelp')}</p>
        <label>
          {t('tiles')}
          <input
            type="url"
            dir="ltr"
            placeholder="https://tile.example.org/{z}/{x}/{y}.png"
            value={tiles}
            onChange={(e) => setTl(e.target.value)}
            data-testid="settings-tiles"
          />
        </label>
        <p className="muted small">{t('tilesHelp')}</p>
        <label>
          {t('tilesAttribution')}
          <input value={attribution} onChange={(e) => setAttr(e.target.value)} />
        </label>
        <label>
          {t('language')}
          <select value={lang} onChange={(e) => setLang(e.target.value === 'en' ? 'en' : 'ar')}>
            <option value="ar">العربية</option>
            <option value="en">English</option>
          </select>
        </label>
        <button type="submit" className="primary" data-testid="settings-save">
          {t('save')}
        </button>
        {saved && (
          <p className="ok" role="status" data-testid="settings-saved">
            {t('saved')}
          </p>
        )}
      </form>
    </div>
  );
}
