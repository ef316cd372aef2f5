import { everyRole } from '../../common/permission';
import { readByEveryRole } from '../../common/scope';

/** Units are the programme's public directory: every signed-in role reads all of them. */
export const unitPolicy = { read: readByEveryRole, may: { list: everyRole } };
