/** The lexicon overlay a command uses: `--lexicons DIR`, else `$MARSAD_LEXICONS`, else the default. */
import { loadResources } from '../resources/load-resources.js';
import { OverlayError } from '../resources/read-overlay.js';
import type { Resources } from '../resources/resources.js';
import { MarsadError, reasonOf } from './errors.js';

export const LEXICONS_OPTION_HELP = `  --lexicons DIR           a lexicon overlay: TSV files that add, override or disable
                           lexicon entries and places (default: $MARSAD_LEXICONS, else
                           $MARSAD_HOME/lexicons or ~/.local/share/marsad/lexicons when it
                           exists; see docs/customising.md)`;

/** The error a command reports when its resources cannot be loaded. */
export function resourcesError(err: unknown): MarsadError {
  if (err instanceof OverlayError)
    return MarsadError.of('E_LEXICONS', { dir: err.dir, reason: err.message }, undefined, { cause: err });
  return MarsadError.of('E_RESOURCES', { reason: reasonOf(err) }, undefined, { cause: err });
}

/** Loads the resources with the overlay of `--lexicons` (undefined: the default); throws MarsadError. */
export function loadCommandResources(lexicons: string | undefined): Resources {
  try {
    return loadResources(undefined, lexicons === undefined ? {} : { lexicons });
  } catch (err) {
    throw resourcesError(err);
  }
}
