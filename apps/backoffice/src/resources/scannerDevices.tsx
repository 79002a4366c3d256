import {
  Alert,
  Box,
  Button as MuiButton,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Stack,
  TextField as MuiTextField,
  Typography,
} from '@mui/material';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { Button, Confirm, Datagrid, List, TextField, TopToolbar, useGetList, useListContext, useNotify, useRecordContext, useRefresh } from 'react-admin';
import { api, type Ok } from '../api/client';
import { unwrap } from '../dataProvider';
import { DateField, IfAllowed, StatusField, useIsAdmin } from '../ui';
import { EventInput } from './bookings';

type Created = Ok<'/api/v1/events/{id}/scanner-devices', 'post'>;
type Device = Created['device'];

/** Seconds left until `until` (never below 0), ticking once a second. */
function useSecondsLeft(until: string): number {
  const left = (at: string) => Math.max(0, Math.ceil((new Date(at).getTime() - Date.now()) / 1000));
  const [seconds, setSeconds] = useState(() => left(until));
  useEffect(() => {
    setSeconds(left(until));
    const timer = setInterval(() => setSeconds(left(until)), 1000);
    return () => clearInterval(timer);
  }, [until]);
  return seconds;
}

/** The pairing QR (it encodes the pairing code text itself), drawn in the browser. */
const PairingQr = ({ code }: { code: string }) => {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let stop = false;
    // A wide quiet zone and no anti-aliasing: phone cameras read it from a laptop screen.
    QRCode.toDataURL(code, { errorCorrectionLevel: 'M', margin: 4, width: 288 })
      .then((url) => !stop && setSrc(url))
      .catch(() => setSrc(null));
    return () => {
      stop = true;
    };
  }, [code]);
  if (!src) return <Box sx={{ width: 288, height: 288 }} />;
  return <img src={src} alt="Pairing QR code" width={288} height={288} style={{ imageRendering: 'pixelated', display: 'block' }} />;
};

/** What is shown once after creating a device: the code, big, its QR and the time left to pair. */
const PairingPanel = ({ created }: { created: Created }) => {
  const seconds = useSecondsLeft(created.pairingExpiresAt);
  const mmss = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  return (
    <Stack direction={{ xs: 'column', sm: 'row' }} spacing={3} alignItems="center" aria-label="Pairing code panel">
      <PairingQr code={created.pairingCode} />
      <Box>
        <Typography variant="overline" color="text.secondary">
          Pairing code for {created.device.name}
        </Typography>
        <Typography data-testid="pairing-code" sx={{ fontFamily: 'monospace', fontSize: 36, fontWeight: 700, letterSpacing: 2, whiteSpace: 'nowrap' }}>
          {created.pairingCode}
        </Typography>
        {seconds > 0 ? (
          <Typography data-testid="pairing-countdown" color={seconds < 60 ? 'error' : 'text.secondary'}>
            Works for {mmss} more, once.
          </Typography>
        ) : (
          <Alert severity="warning" data-testid="pairing-countdown">
            This code has expired: revoke this device and create a new one.
          </Alert>
        )}
        <Alert severity="info" sx={{ mt: 2 }}>
          Scan this with the gate app at <b>/scan</b> (or type the code in). It is shown only now.
        </Alert>
      </Box>
    </Stack>
  );
};

const toIso = (local: string) => (local ? new Date(local).toISOString() : undefined);

/** Create dialog: name, gate and an optional end; then the pairing code in the same dialog. */
const CreateDevice = ({ eventId }: { eventId: string }) => {
  const notify = useNotify();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [gate, setGate] = useState('');
  const [expiresAt, setExpiresAt] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<Created | null>(null);
  const [busy, setBusy] = useState(false);
  const close = () => {
    setOpen(false);
    setCreated(null);
    setName('');
    setGate('');
    setExpiresAt('');
    setErrors({});
    refresh();
  };
  const submit = async () => {
    setBusy(true);
    setErrors({});
    try {
      const body = { name: name.trim(), gate: gate.trim() || undefined, expiresAt: toIso(expiresAt) };
      setCreated(await unwrap<Created>(api.POST('/api/v1/events/{id}/scanner-devices', { params: { path: { id: eventId } }, body })));
      refresh();
    } catch (e) {
      const fields = ((e as { body?: { errors?: Record<string, string> } }).body?.errors ?? {}) as Record<string, string>;
      setErrors(fields);
      if (Object.keys(fields).length === 0) notify((e as Error).message, { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button label="Add scanner device" onClick={() => setOpen(true)} />
      <Dialog open={open} onClose={close} maxWidth="md" fullWidth aria-labelledby="new-device-title">
        <DialogTitle id="new-device-title">{created ? 'Pair the device' : 'New scanner device'}</DialogTitle>
        <DialogContent>
          {created ? (
            <PairingPanel created={created} />
          ) : (
            <Stack
              spacing={2}
              sx={{ mt: 1 }}
              component="form"
              id="new-device"
              onSubmit={(e) => {
                e.preventDefault();
                void submit();
              }}
            >
              <MuiTextField
                label="Device name"
                value={name}
                onChange={(e) => setName(e.target.value)}
                required
                autoFocus
                error={!!errors.name}
                helperText={errors.name ?? 'e.g. North gate phone 1'}
              />
              <MuiTextField
                label="Gate"
                value={gate}
                onChange={(e) => setGate(e.target.value)}
                error={!!errors.gate}
                helperText={errors.gate ?? 'Every scan of this device is at this gate (optional)'}
              />
              <MuiTextField
                label="Works until"
                type="datetime-local"
                value={expiresAt}
                onChange={(e) => setExpiresAt(e.target.value)}
                slotProps={{ inputLabel: { shrink: true } }}
                error={!!errors.expiresAt}
                helperText={errors.expiresAt ?? 'Optional; by default until the event ends'}
              />
            </Stack>
          )}
        </DialogContent>
        <DialogActions>
          {created ? (
            <MuiButton onClick={close} variant="contained">
              Done
            </MuiButton>
          ) : (
            <>
              <MuiButton onClick={close}>Cancel</MuiButton>
              <MuiButton type="submit" form="new-device" variant="contained" disabled={busy}>
                Create and show pairing code
              </MuiButton>
            </>
          )}
        </DialogActions>
      </Dialog>
    </>
  );
};

/** Revoke with a confirmation; the device's token is refused from its next request. */
const RevokeButton = () => {
  const record = useRecordContext<Device>();
  const notify = useNotify();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  if (!record || record.status === 'revoked' || record.status === 'expired') return null;
  const revoke = async () => {
    setOpen(false);
    try {
      await unwrap(api.POST('/api/v1/scanner-devices/{id}/revoke', { params: { path: { id: record.id } } }));
      notify(`${record.name} revoked`, { type: 'success' });
    } catch (e) {
      notify((e as Error).message, { type: 'error' });
    }
    refresh();
  };
  return (
    <>
      <Button
        label="Revoke"
        color="error"
        onClick={(e) => {
          e.stopPropagation();
          setOpen(true);
        }}
      />
      <Confirm
        isOpen={open}
        title={`Revoke “${record.name}”?`}
        content="The device stops scanning at once; its next request is refused. To use it again, create a new device and pair it."
        confirm="Revoke device"
        confirmColor="warning"
        cancel="Keep it"
        onConfirm={revoke}
        onClose={() => setOpen(false)}
      />
    </>
  );
};

const Actions = () => {
  const { filterValues } = useListContext();
  const eventId = filterValues.eventId as string | undefined;
  return (
    <TopToolbar>
      {eventId && (
        <IfAllowed resource="scanner-devices">
          <CreateDevice eventId={eventId} />
        </IfAllowed>
      )}
    </TopToolbar>
  );
};

const NoDevices = () => {
  const { filterValues } = useListContext();
  return (
    <Alert severity="info" sx={{ m: 2 }}>
      {filterValues.eventId ? 'No scanner devices for this event yet.' : 'Choose an event.'}
    </Alert>
  );
};

/**
 * The gate phones of an event: status, gate, last seen. Admins add one (its pairing code and QR
 * shown once) and revoke; viewers read. Refreshed every 10 s so a new pairing shows up.
 */
export const ScannerDeviceList = () => {
  const isAdmin = useIsAdmin('scanner-devices');
  return (
    <List filters={[<EventInput key="e" alwaysOn />]} actions={<Actions />} empty={false} queryOptions={{ refetchInterval: 10_000 }} title="Scanner devices">
      <Datagrid bulkActionButtons={false} rowClick={false} empty={<NoDevices />}>
        <TextField source="name" sortable={false} />
        <StatusField source="status" />
        <TextField source="gate" sortable={false} emptyText="—" />
        <DateField source="lastSeenAt" label="Last seen" />
        <DateField source="pairedAt" label="Paired" />
        <DateField source="expiresAt" label="Works until" />
        <DateField source="createdAt" label="Created" />
        {isAdmin && <RevokeButton />}
      </Datagrid>
    </List>
  );
};

/** Device names of an event by id (the check-in log shows a device scan by its name). */
export function useDeviceNames(eventId: string | undefined): Map<string, string> {
  const { data } = useGetList<Device>(
    'scanner-devices',
    { filter: { eventId }, pagination: { page: 1, perPage: 100 } },
    { enabled: !!eventId, staleTime: 30_000 },
  );
  return new Map((data ?? []).map((d) => [d.id, d.name]));
}
