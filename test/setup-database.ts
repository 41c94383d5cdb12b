import { setupDatabase } from './global-setup';

export default setupDatabase;
