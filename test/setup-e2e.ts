import { setupEndToEnd } from './global-setup';

export default setupEndToEnd;
