import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadDatabaseUrl } from '@app/config';
import { buildDataSourceOptions } from './data-source-options';

/**
 * The DataSource the TypeORM CLI loads (`npm run migration:run`). The apps build
 * theirs from the same `buildDataSourceOptions`.
 */
const AppDataSource = new DataSource(
  buildDataSourceOptions({ url: loadDatabaseUrl(process.env), applicationName: 'coaching-migrations', poolSize: 2 }),
);
export default AppDataSource;
