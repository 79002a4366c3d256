import {
  BooleanInput,
  Create,
  Datagrid,
  Edit,
  List,
  PasswordInput,
  SelectArrayInput,
  SelectInput,
  SimpleForm,
  TextField,
  TextInput,
  email,
  required,
  BooleanField,
} from 'react-admin';
import { DateField, StatusField } from '../ui';

export const ROLES = ['admin', 'viewer', 'scanner', 'customer'].map((r) => ({ id: r, name: r }));

export const UserList = () => (
  <List filters={[<TextInput key="q" source="q" label="E-mail or name" alwaysOn />, <SelectInput key="r" source="role" choices={ROLES} alwaysOn />]}>
    <Datagrid rowClick="edit" bulkActionButtons={false}>
      <TextField source="name" sortable={false} />
      <TextField source="email" sortable={false} />
      <TextField source="phone" sortable={false} emptyText="—" />
      <StatusField source="roles" />
      <BooleanField source="disabled" sortable={false} />
      <DateField source="createdAt" label="Created" />
    </Datagrid>
  </List>
);

/** Staff accounts: admins create them with roles; self-registration only ever gives `customer`. */
export const UserCreate = () => (
  <Create redirect="list">
    <SimpleForm defaultValues={{ roles: ['scanner'] }}>
      <TextInput source="name" validate={required()} />
      <TextInput source="email" validate={[required(), email()]} />
      <TextInput source="phone" parse={(v: string) => v || undefined} helperText="Optional, e.g. +2348012345678 (a number without + is read as Nigerian)" />
      <PasswordInput source="password" validate={required()} helperText="At least 12 characters" />
      <SelectArrayInput source="roles" choices={ROLES} validate={required()} />
    </SimpleForm>
  </Create>
);

export const UserEdit = () => (
  <Edit mutationMode="pessimistic" redirect="list">
    <SimpleForm>
      <TextInput source="email" disabled />
      <TextInput source="name" validate={required()} />
      <TextInput source="phone" parse={(v: string) => (v ? v : null)} helperText="E.164, e.g. +2348012345678; empty removes it" />
      <SelectArrayInput source="roles" choices={ROLES} validate={required()} />
      <BooleanInput source="disabled" helperText="A disabled user's tokens stop working at once" />
    </SimpleForm>
  </Edit>
);
