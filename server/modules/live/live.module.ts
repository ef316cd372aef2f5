import { defineModule } from '../../common/module';
import { LiveEvents1765800000000 } from './migrations/1765800000000-live-events';
import { LiveEventCommitOrder1765900100000 } from './migrations/1765900100000-live-event-commit-order';

/**
 * Live updates (实时推送): events written in the transaction of the change they describe and
 * announced through PostgreSQL LISTEN/NOTIFY, so that every server instance can push them to its
 * subscribers (DESIGN §5).
 */
export const liveModule = defineModule({
  name: 'live',
  migrations: [LiveEvents1765800000000, LiveEventCommitOrder1765900100000],
  sqlRules: ['sql/publish.sql'],
});
