import { Alert, Box, Button, Card, CardContent, Stack, TextField, Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import { Title, useCanAccess, useNotify } from 'react-admin';
import { api, type Ok, type Problem, problemMessage } from '../api/client';
import { formatDate } from '../ui';

type Settings = Ok<'/api/v1/settings', 'get'>;

interface Form {
  name: string;
  supportEmail: string;
  logoUrl: string;
  defaultCurrency: string;
  defaultTimezone: string;
  manualPaymentInstructions: string;
}

const toForm = (s: Settings): Form => ({
  name: s.name,
  supportEmail: s.supportEmail ?? '',
  logoUrl: s.logoUrl ?? '',
  defaultCurrency: s.defaultCurrency ?? '',
  defaultTimezone: s.defaultTimezone ?? '',
  manualPaymentInstructions: s.manualPaymentInstructions,
});

const FIELDS: { key: keyof Form; label: string; helper: string; multiline?: boolean }[] = [
  { key: 'name', label: 'Organisation name', helper: 'Shown to buyers, e.g. in the e-mail footer' },
  { key: 'supportEmail', label: 'Support e-mail', helper: 'Where buyers write for help' },
  { key: 'logoUrl', label: 'Logo URL', helper: 'An http(s) address; leave empty for none' },
  { key: 'defaultCurrency', label: 'Default currency', helper: 'ISO 4217, e.g. NGN' },
  { key: 'defaultTimezone', label: 'Default time zone', helper: 'IANA, e.g. Africa/Lagos' },
  {
    key: 'manualPaymentInstructions',
    label: 'Manual-payment instructions',
    helper: 'Shown to buyers who pay by transfer, and in the payment e-mails',
    multiline: true,
  },
];

/** The organisation's settings (`GET/PUT /settings`): admins edit them, viewers read them. */
export const SettingsPage = () => {
  const { canAccess: isAdmin } = useCanAccess({ action: 'edit', resource: 'settings' });
  const notify = useNotify();
  const [settings, setSettings] = useState<Settings | null>(null);
  const [form, setForm] = useState<Form | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    void api.GET('/api/v1/settings').then(({ data, error }) => {
      if (!data) return setLoadError(problemMessage(error, 'Could not load the settings'));
      setSettings(data);
      setForm(toForm(data));
    });
  }, []);

  const save = async () => {
    if (!form) return;
    setBusy(true);
    setErrors({});
    const body = { ...form, logoUrl: form.logoUrl.trim() || null };
    const { data, error } = await api.PUT('/api/v1/settings', { body });
    setBusy(false);
    if (!data) {
      const problem = error as Problem | undefined;
      setErrors(Object.fromEntries((problem?.errors ?? []).map((e) => [e.field, e.message])));
      notify(problemMessage(error, 'Could not save the settings'), { type: 'error' });
      return;
    }
    setSettings(data);
    setForm(toForm(data));
    notify('Settings saved', { type: 'success' });
  };

  if (loadError) return <Alert severity="error">{loadError}</Alert>;
  if (!form || !settings) return <Typography color="text.secondary">Loading settings…</Typography>;
  return (
    <Card sx={{ mt: 2, maxWidth: 720 }}>
      <Title title="Settings" />
      <CardContent>
        <Stack spacing={2}>
          {!isAdmin && <Alert severity="info">Only admins can change the settings.</Alert>}
          {FIELDS.map(({ key, label, helper, multiline }) => (
            <TextField
              key={key}
              label={label}
              name={key}
              value={form[key]}
              onChange={(e) => setForm({ ...form, [key]: e.target.value })}
              error={Boolean(errors[key])}
              helperText={errors[key] ?? helper}
              multiline={multiline}
              minRows={multiline ? 3 : undefined}
              disabled={!isAdmin || busy}
              fullWidth
            />
          ))}
          {form.logoUrl && /^https?:\/\//.test(form.logoUrl) && (
            <Box>
              <img src={form.logoUrl} alt="Logo preview" style={{ maxHeight: 64, maxWidth: 240 }} />
            </Box>
          )}
          <Typography variant="body2" color="text.secondary">
            {settings.updatedAt ? `Last saved ${formatDate(settings.updatedAt)}` : 'Never saved: the defaults apply.'}
          </Typography>
          {isAdmin && (
            <Box>
              <Button variant="contained" onClick={() => void save()} disabled={busy}>
                Save
              </Button>
            </Box>
          )}
        </Stack>
      </CardContent>
    </Card>
  );
};
