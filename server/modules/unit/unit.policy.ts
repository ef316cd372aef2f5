import type { ReadScope } from '../../common/scope';

/** Units are the programme's public directory: every signed-in role reads all of them. */
export const unitPolicy: { read: ReadScope } = {
  read: () => undefined,
};
