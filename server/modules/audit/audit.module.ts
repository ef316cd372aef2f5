import { defineModule } from '../../common/module';
import { AuditEntry } from './audit-entry.entity';
import { auditPolicy } from './audit.policy';
import { AuditResolver } from './audit.resolver';
import { auditService } from './audit.service';

declare module '../../common/module' {
  interface NodeTypes {
    AuditEntry: AuditEntry;
  }
}

/** The audit trail (审计记录): every change, written in the same transaction. */
export const auditModule = defineModule({
  name: 'audit',
  entities: [AuditEntry],
  resolvers: [AuditResolver],
  nodes: {
    AuditEntry: {
      entity: AuditEntry,
      alias: 'audit_entry',
      scope: auditPolicy.read,
      reads: { subjectId: ['entity', 'entityId'] },
      references: { actor: { type: 'User', column: 'actorId' } },
    },
  },
  auditTrail: auditService,
});
