import { TextField as MuiTextField } from '@mui/material';
import { useState } from 'react';
import { Button, Confirm, Datagrid, FunctionField, List, SelectInput, TextField, useNotify, useRecordContext, useRefresh } from 'react-admin';
import { api } from '../api/client';
import { unwrap } from '../dataProvider';
import { DateField, IfAllowed, MoneyField, StatusField } from '../ui';
import { EventInput } from './bookings';

const STATUSES = ['pending', 'approved', 'completed', 'failed', 'rejected'].map((s) => ({ id: s, name: s }));

/** Approve or reject one pending refund, from its row. */
const Decide = () => {
  const r = useRecordContext();
  const notify = useNotify();
  const refresh = useRefresh();
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  if (!r || r.status !== 'pending') return null;
  const path = { path: { id: String(r.id) } };
  const run = async (approve: boolean) => {
    try {
      if (approve) await unwrap(api.POST('/api/v1/refunds/{id}/approve', { params: path }));
      else await unwrap(api.POST('/api/v1/refunds/{id}/reject', { params: path, body: { reason } }));
      notify(approve ? 'Refund approved' : 'Refund rejected', { type: 'success' });
      refresh();
    } catch (e) {
      notify((e as Error).message, { type: 'error' });
    }
  };
  return (
    <span onClick={(e) => e.stopPropagation()}>
      <Button label="Approve" color="success" onClick={() => run(true)} />
      <Button label="Reject" color="error" onClick={() => setRejecting(true)} />
      <Confirm
        isOpen={rejecting}
        title="Reject this refund?"
        content={<MuiTextField label="Reason for the buyer" value={reason} onChange={(e) => setReason(e.target.value)} fullWidth autoFocus />}
        confirm="Reject"
        onConfirm={() => {
          setRejecting(false);
          void run(false);
        }}
        onClose={() => setRejecting(false)}
      />
    </span>
  );
};

export const RefundList = () => (
  <List
    filters={[<SelectInput key="s" source="status" choices={STATUSES} alwaysOn />, <EventInput key="e" alwaysOn />]}
    filterDefaultValues={{ status: 'pending' }}
  >
    <Datagrid bulkActionButtons={false} rowClick={(_id, _r, record) => `/bookings/${record.bookingId}/show`}>
      <DateField source="createdAt" label="Requested" />
      <StatusField source="status" />
      <MoneyField source="amount" />
      <TextField source="kind" sortable={false} />
      <TextField source="reason" sortable={false} />
      <FunctionField label="Tickets" render={(r) => r.ticketIds?.length ?? 0} />
      <TextField source="rejectionReason" label="Rejection" sortable={false} emptyText="—" />
      <IfAllowed resource="refunds">
        <Decide />
      </IfAllowed>
    </Datagrid>
  </List>
);
