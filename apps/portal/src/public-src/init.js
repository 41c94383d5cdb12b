import { initAll } from './govuk-frontend.min.js';
import { initEforms } from './eform.js';

initAll();
initEforms();
