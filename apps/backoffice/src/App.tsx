import EventIcon from '@mui/icons-material/Event';
import ReceiptIcon from '@mui/icons-material/ReceiptLong';
import RateReviewIcon from '@mui/icons-material/RateReview';
import UndoIcon from '@mui/icons-material/Undo';
import PeopleIcon from '@mui/icons-material/People';
import BadgeIcon from '@mui/icons-material/Badge';
import QrCodeScannerIcon from '@mui/icons-material/QrCodeScanner';
import HistoryIcon from '@mui/icons-material/History';
import MailIcon from '@mui/icons-material/Mail';
import SettingsIcon from '@mui/icons-material/Settings';
import PointOfSaleIcon from '@mui/icons-material/PointOfSale';
import PhonelinkLockIcon from '@mui/icons-material/PhonelinkLock';
import { BrowserRouter, Route } from 'react-router-dom';
import { Admin, CustomRoutes, Layout, Menu, Resource, defaultTheme, type LayoutProps } from 'react-admin';
import { authProvider } from './authProvider';
import { dataProvider } from './dataProvider';
import { BoxOfficePage } from './pages/BoxOffice';
import { Dashboard } from './pages/Dashboard';
import { PaymentQueue } from './pages/PaymentQueue';
import { SettingsPage } from './pages/Settings';
import { AttendeeList, CheckInList } from './resources/attendance';
import { BookingList, BookingShow } from './resources/bookings';
import { EventCreate, EventEdit, EventList, EventShow } from './resources/events';
import { AuditLogList, MessageList } from './resources/logs';
import { RefundList } from './resources/refunds';
import { ScannerDeviceList } from './resources/scannerDevices';
import { UserCreate, UserEdit, UserList } from './resources/users';
import { useIsAdmin } from './ui';

const theme = {
  ...defaultTheme,
  palette: { primary: { main: '#1f4e79' }, secondary: { main: '#1f4e79' }, background: { default: '#f4f6f8' } },
  components: { ...defaultTheme.components, RaDatagrid: { styleOverrides: { root: { '& .RaDatagrid-headerCell': { fontWeight: 600 } } } } },
};

const AppMenu = () => {
  // Selling is for admins: viewers do not see the box office at all.
  const isAdmin = useIsAdmin();
  return (
    <Menu>
      <Menu.DashboardItem />
      <Menu.ResourceItem name="events" />
      <Menu.ResourceItem name="bookings" />
      {isAdmin && <Menu.Item to="/box-office" primaryText="Box office" leftIcon={<PointOfSaleIcon />} />}
      <Menu.Item to="/payment-review" primaryText="Payment review" leftIcon={<RateReviewIcon />} />
      <Menu.ResourceItem name="refunds" />
      <Menu.ResourceItem name="attendees" />
      <Menu.ResourceItem name="check-ins" />
      <Menu.ResourceItem name="scanner-devices" />
      <Menu.ResourceItem name="users" />
      <Menu.ResourceItem name="audit-logs" />
      <Menu.ResourceItem name="messages" />
      <Menu.Item to="/settings" primaryText="Settings" leftIcon={<SettingsIcon />} />
    </Menu>
  );
};

const AppLayout = (props: LayoutProps) => <Layout {...props} menu={AppMenu} />;

/**
 * The back-office: react-admin over the generated API client, served by the API at /admin
 * (browser routes under /admin/, the server falls back to index.html).
 */
export const App = () => (
  <BrowserRouter basename="/admin">
    <Admin
      title="Ticketing back-office"
      dataProvider={dataProvider}
      authProvider={authProvider}
      dashboard={Dashboard}
      layout={AppLayout}
      theme={theme}
      requireAuth
      disableTelemetry
    >
      <Resource name="events" list={EventList} show={EventShow} create={EventCreate} edit={EventEdit} icon={EventIcon} recordRepresentation="title" />
      <Resource name="bookings" list={BookingList} show={BookingShow} icon={ReceiptIcon} />
      <Resource name="payments" />
      <Resource name="refunds" list={RefundList} icon={UndoIcon} />
      <Resource name="attendees" list={AttendeeList} icon={BadgeIcon} />
      <Resource name="check-ins" list={CheckInList} icon={QrCodeScannerIcon} options={{ label: 'Check-ins' }} />
      <Resource name="scanner-devices" list={ScannerDeviceList} icon={PhonelinkLockIcon} options={{ label: 'Scanner devices' }} />
      <Resource name="users" list={UserList} create={UserCreate} edit={UserEdit} icon={PeopleIcon} options={{ label: 'Users & staff' }} />
      <Resource name="audit-logs" list={AuditLogList} icon={HistoryIcon} options={{ label: 'Audit log' }} />
      <Resource name="messages" list={MessageList} icon={MailIcon} options={{ label: 'E-mail log' }} />
      <CustomRoutes>
        <Route path="/payment-review" element={<PaymentQueue />} />
        <Route path="/settings" element={<SettingsPage />} />
        <Route path="/box-office" element={<BoxOfficePage />} />
      </CustomRoutes>
    </Admin>
  </BrowserRouter>
);
