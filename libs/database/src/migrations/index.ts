import { DirectoryAndProfiles1764000000000 } from './1764000000000-directory-and-profiles';
import { WorkingCalendar1764100000000 } from './1764100000000-working-calendar';
import { ProcedureCatalogue1764200000000 } from './1764200000000-procedure-catalogue';
import { Dossiers1764300000000 } from './1764300000000-dossiers';
import { DossierApology1764400000000 } from './1764400000000-dossier-apology';
import { LienThong1764500000000 } from './1764500000000-lien-thong';
import { AgencyCaseCancelWaiting1764600000000 } from './1764600000000-agency-case-cancel-waiting';
import { AgencyCasePause1764700000000 } from './1764700000000-agency-case-pause';
import { CalendarDayBasis1764810000000 } from './1764810000000-calendar-day-basis';
import { ProcedureSearch1764810000100 } from './1764810000100-procedure-search';
import { DossierDraftTitle1764830000000 } from './1764830000000-dossier-draft-title';
import { DeskSearch1764840000000 } from './1764840000000-desk-search';
import { LegalRegime1764900000000 } from './1764900000000-legal-regime';
import { RegimeEnforcement1765000000000 } from './1765000000000-regime-enforcement';
import { AgencyHistory1765100000000 } from './1765100000000-agency-history';
import { NationalIntake1765200000000 } from './1765200000000-national-intake';
import { ReceptionAcrossBoundaries1765300000000 } from './1765300000000-reception-across-boundaries';
import { AgencyParentHistory1765400000000 } from './1765400000000-agency-parent-history';
import { AgencyAnswering1765410000000 } from './1765410000000-agency-answering';
import { CitizenMessages1765500000000 } from './1765500000000-citizen-messages';
import { CitizenMessageInapp1765510000000 } from './1765510000000-citizen-message-inapp';
import { DossierMessages1765520000000 } from './1765520000000-dossier-messages';
import { DossierRatings1765600000000 } from './1765600000000-dossier-ratings';
import { IdentityAssurance1765700000000 } from './1765700000000-identity-assurance';
import { Feedback1765900000000 } from './1765900000000-feedback';
import { Payments1765800000000 } from './1765800000000-payments';

/** Every migration, in order. Listed explicitly: a bundled build cannot glob. Never edit a merged migration. */
export const MIGRATIONS = [
  DirectoryAndProfiles1764000000000,
  WorkingCalendar1764100000000,
  ProcedureCatalogue1764200000000,
  Dossiers1764300000000,
  DossierApology1764400000000,
  LienThong1764500000000,
  AgencyCaseCancelWaiting1764600000000,
  AgencyCasePause1764700000000,
  CalendarDayBasis1764810000000,
  ProcedureSearch1764810000100,
  DossierDraftTitle1764830000000,
  DeskSearch1764840000000,
  LegalRegime1764900000000,
  RegimeEnforcement1765000000000,
  AgencyHistory1765100000000,
  NationalIntake1765200000000,
  ReceptionAcrossBoundaries1765300000000,
  AgencyParentHistory1765400000000,
  AgencyAnswering1765410000000,
  CitizenMessages1765500000000,
  CitizenMessageInapp1765510000000,
  DossierMessages1765520000000,
  DossierRatings1765600000000,
  IdentityAssurance1765700000000,
  Payments1765800000000,
  Feedback1765900000000,
];
