import 'reflect-metadata';
import fs from 'node:fs';
import { createSchema, printSchemaFile, SCHEMA_FILE } from './schema';

/** `npm run schema`: writes schema.graphql from the code-first schema. */
async function main(): Promise<void> {
  const text = printSchemaFile(await createSchema());
  fs.writeFileSync(SCHEMA_FILE, text);
  console.log(`[guazhi] wrote ${SCHEMA_FILE} (${text.length} bytes)`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
