import { defineModule } from '../../common/module';
import { importRoutes } from './import.routes';

/**
 * Imports (导入) of units, cadres and users from .xlsx and CSV files, and their templates. No
 * entities or resolvers of its own: files come over HTTP and the CLI, rows go to each concept's
 * service.
 */
export const importModule = defineModule({ name: 'import', routes: importRoutes });
