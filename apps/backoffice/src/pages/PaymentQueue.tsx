import { Alert, Box, Button, Card, CardContent, Chip, List as MuiList, ListItemButton, ListItemText, Stack, TextField, Typography } from '@mui/material';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Title, useCanAccess, useGetList, useNotify } from 'react-admin';
import { api } from '../api/client';
import { unwrap } from '../dataProvider';
import { formatDate, formatMoney } from '../ui';

interface Payment {
  id: string;
  bookingId: string;
  reference: string;
  amount: number;
  currency: string;
  status: string;
  proof: { contentType: string; size: number; uploadedAt: string } | null;
  createdAt: string;
}

/**
 * The proof is fetched with the bearer token and shown from a `blob:` URL of this page: the API
 * sends uploads with a sandboxing CSP and they need authentication, so no direct <img src>. Images
 * go in <img>; a PDF in <object> (with a download link where the browser has no PDF viewer).
 */
const Proof = ({ payment }: { payment: Payment }) => {
  const [url, setUrl] = useState<string | null>(null);
  const [type, setType] = useState<string>('');
  useEffect(() => {
    let objectUrl: string | null = null;
    setUrl(null);
    void api.GET('/api/v1/payments/{id}/proof', { params: { path: { id: payment.id } }, parseAs: 'blob' }).then(({ data }) => {
      if (!data) return;
      const blob = data as Blob;
      objectUrl = URL.createObjectURL(blob);
      setType(blob.type);
      setUrl(objectUrl);
    });
    return () => {
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [payment.id]);
  if (!payment.proof) return <Alert severity="warning">No proof uploaded.</Alert>;
  if (!url) return <Typography color="text.secondary">Loading proof…</Typography>;
  if (type === 'application/pdf')
    return (
      <object data={url} type="application/pdf" aria-label="Payment proof" style={{ width: '100%', height: 520 }}>
        <a href={url} download={`proof-${payment.reference}.pdf`}>
          Download the PDF proof
        </a>
      </object>
    );
  return <img src={url} alt="Payment proof" style={{ maxWidth: '100%', maxHeight: 520, objectFit: 'contain', border: '1px solid #ddd' }} />;
};

/**
 * Manual payments awaiting review, one at a time, keyboard-fast: A approves, R opens the reject
 * reason (Enter sends), J/K move to the next/previous payment. Server-paged (20 per page).
 */
export const PaymentQueue = () => {
  const [page, setPage] = useState(1);
  const {
    data = [],
    pageInfo,
    refetch,
    isPending,
  } = useGetList<Payment>('payments', {
    filter: { status: 'awaiting_review', provider: 'manual' },
    pagination: { page, perPage: 20 },
  });
  const { canAccess: isAdmin } = useCanAccess({ action: 'edit', resource: 'payments' });
  const [index, setIndex] = useState(0);
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const notify = useNotify();
  const reasonRef = useRef<HTMLInputElement>(null);
  const current = data[Math.min(index, data.length - 1)];

  const decide = useCallback(
    async (approve: boolean) => {
      if (!current || busy) return;
      setBusy(true);
      try {
        const path = { path: { id: current.id } };
        if (approve) await unwrap(api.POST('/api/v1/payments/{id}/approve', { params: path }));
        else await unwrap(api.POST('/api/v1/payments/{id}/reject', { params: path, body: { reason } }));
        notify(approve ? `Approved ${current.reference}` : `Rejected ${current.reference}`, { type: 'success' });
        setRejecting(false);
        setReason('');
        await refetch();
      } catch (e) {
        notify((e as Error).message, { type: 'error' });
      } finally {
        setBusy(false);
      }
    },
    [current, busy, reason, notify, refetch],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (rejecting || e.ctrlKey || e.metaKey || e.altKey || (e.target as HTMLElement).tagName === 'INPUT') return;
      const key = e.key.toLowerCase();
      if (key === 'j') setIndex((i) => Math.min(i + 1, data.length - 1));
      else if (key === 'k') setIndex((i) => Math.max(i - 1, 0));
      else if (key === 'a' && isAdmin) void decide(true);
      else if (key === 'r' && isAdmin && current) {
        e.preventDefault();
        setRejecting(true);
        setTimeout(() => reasonRef.current?.focus(), 0);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [data.length, decide, rejecting, isAdmin, current]);

  return (
    <Card sx={{ mt: 2 }}>
      <Title title="Payment review" />
      <CardContent>
        <Stack direction="row" justifyContent="space-between" alignItems="center">
          <Typography variant="h5">Manual payments to review</Typography>
          <Typography variant="body2" color="text.secondary">
            {isAdmin ? 'Keys: A approve · R reject · J next · K previous' : 'Keys: J next · K previous'}
          </Typography>
        </Stack>
        {!isPending && data.length === 0 && (
          <Alert severity="success" sx={{ mt: 2 }}>
            Nothing to review.
          </Alert>
        )}
        {current && (
          <Stack direction={{ xs: 'column', md: 'row' }} spacing={3} sx={{ mt: 2 }}>
            <Box sx={{ width: { md: 300 }, flexShrink: 0 }}>
              <MuiList dense aria-label="Queue">
                {data.map((p, i) => (
                  <ListItemButton key={p.id} selected={p.id === current.id} onClick={() => setIndex(i)}>
                    <ListItemText
                      primary={`${p.reference} · ${formatMoney(p.amount, p.currency)}`}
                      secondary={formatDate(p.proof?.uploadedAt ?? p.createdAt)}
                    />
                  </ListItemButton>
                ))}
              </MuiList>
              <Stack direction="row" spacing={1}>
                <Button
                  size="small"
                  disabled={page === 1}
                  onClick={() => {
                    setPage(page - 1);
                    setIndex(0);
                  }}
                >
                  Previous page
                </Button>
                <Button
                  size="small"
                  disabled={!pageInfo?.hasNextPage}
                  onClick={() => {
                    setPage(page + 1);
                    setIndex(0);
                  }}
                >
                  Next page
                </Button>
              </Stack>
            </Box>
            <Box sx={{ flexGrow: 1 }}>
              <Stack direction="row" spacing={2} alignItems="center" sx={{ mb: 1 }}>
                <Typography variant="h6" data-testid="review-reference">
                  {current.reference}
                </Typography>
                <Chip label={formatMoney(current.amount, current.currency)} color="primary" />
                <Button size="small" href={`/admin/bookings/${current.bookingId}/show`}>
                  Open booking
                </Button>
              </Stack>
              <Proof payment={current} />
              {isAdmin && (
                <Stack direction="row" spacing={2} sx={{ mt: 2 }} alignItems="center">
                  <Button variant="contained" color="success" disabled={busy} onClick={() => decide(true)}>
                    Approve (A)
                  </Button>
                  {!rejecting && (
                    <Button
                      variant="outlined"
                      color="error"
                      disabled={busy}
                      onClick={() => {
                        setRejecting(true);
                        setTimeout(() => reasonRef.current?.focus(), 0);
                      }}
                    >
                      Reject (R)
                    </Button>
                  )}
                  {rejecting && (
                    <Box
                      component="form"
                      onSubmit={(e) => {
                        e.preventDefault();
                        if (reason.trim()) void decide(false);
                      }}
                      sx={{ display: 'flex', gap: 1, flexGrow: 1 }}
                    >
                      <TextField
                        inputRef={reasonRef}
                        size="small"
                        label="Reason for the buyer"
                        value={reason}
                        onChange={(e) => setReason(e.target.value)}
                        onKeyDown={(e) => e.key === 'Escape' && setRejecting(false)}
                        fullWidth
                        required
                      />
                      <Button type="submit" color="error" variant="contained" disabled={busy || !reason.trim()}>
                        Send rejection
                      </Button>
                    </Box>
                  )}
                </Stack>
              )}
            </Box>
          </Stack>
        )}
      </CardContent>
    </Card>
  );
};
