import { Datagrid, DateTimeInput, FunctionField, List, SelectInput, TextField, TextInput } from 'react-admin';
import { DateField, StatusField } from '../ui';

const iso = (v: unknown) => (v ? new Date(String(v)).toISOString() : undefined);

export const AuditLogList = () => (
  <List
    filters={[
      <TextInput key="a" source="action" alwaysOn />,
      <TextInput key="t" source="entityType" label="Entity type" alwaysOn />,
      <TextInput key="i" source="entityId" label="Entity id" />,
      <TextInput key="u" source="actorId" label="Actor id" />,
      <DateTimeInput key="f" source="from" parse={iso} />,
      <DateTimeInput key="to" source="to" parse={iso} />,
    ]}
  >
    <Datagrid bulkActionButtons={false} rowClick={false}>
      <DateField source="createdAt" label="When" />
      <TextField source="action" sortable={false} />
      <TextField source="entityType" label="Entity" sortable={false} />
      <TextField source="entityId" label="Entity id" sortable={false} emptyText="—" />
      <TextField source="actorId" label="Actor" sortable={false} emptyText="—" />
      <TextField source="ip" sortable={false} emptyText="—" />
      <FunctionField label="Details" render={(r) => (r.details ? JSON.stringify(r.details) : '')} sx={{ fontFamily: 'monospace', fontSize: 12 }} />
    </Datagrid>
  </List>
);

const MESSAGE_STATUSES = ['queued', 'sent', 'failed'].map((s) => ({ id: s, name: s }));

export const MessageList = () => (
  <List
    filters={[
      <TextInput key="to" source="to" label="Recipient" alwaysOn />,
      <SelectInput key="s" source="status" choices={MESSAGE_STATUSES} alwaysOn />,
      <TextInput key="t" source="template" />,
    ]}
  >
    <Datagrid bulkActionButtons={false} rowClick={false}>
      <DateField source="createdAt" label="Queued" />
      <TextField source="to" sortable={false} />
      <TextField source="template" sortable={false} />
      <TextField source="subject" sortable={false} />
      <StatusField source="status" />
      <TextField source="attempts" sortable={false} />
      <DateField source="sentAt" label="Sent" />
      <TextField source="lastError" label="Last error" sortable={false} emptyText="—" />
    </Datagrid>
  </List>
);
