import { Loader, Center } from '@mantine/core';
import { lazy, type ReactNode, Suspense } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { useSession } from './auth/useSession';
import { Layout } from './components/Layout';
import { Home } from './pages/Home';
import { SignOut } from './pages/SignOut';

/** Each route is its own chunk: the first page loads none of the others, and no staff code reaches a newcomer's phone. */
const Register = lazy(() => import('./pages/Register'));
const SignIn = lazy(() => import('./pages/SignIn'));
const FindCoach = lazy(() => import('./pages/FindCoach'));
const MySessions = lazy(() => import('./pages/MySessions'));
const Reschedule = lazy(() => import('./pages/Reschedule'));
const MyData = lazy(() => import('./pages/MyData'));
const Outcome = lazy(() => import('./pages/Outcome'));
const Join = lazy(() => import('./pages/Join'));
const Feedback = lazy(() => import('./pages/Feedback'));
const NotFound = lazy(() => import('./pages/NotFound'));
const AskLink = lazy(() => import('./pages/AskLink'));
const NewPassword = lazy(() => import('./pages/NewPassword'));
const SignInLink = lazy(() => import('./pages/SignInLink'));
const VerifyEmail = lazy(() => import('./pages/VerifyEmail'));
const MyAccount = lazy(() => import('./pages/MyAccount'));
/** Staff pages: separate chunks too, so a newcomer's phone never downloads them. */
const CoachHours = lazy(() => import('./pages/coach/Hours'));
const Overview = lazy(() => import('./pages/coordinator/Overview'));
const Reports = lazy(() => import('./pages/coordinator/Reports'));
const Coaches = lazy(() => import('./pages/coordinator/Coaches'));
const BookOnBehalf = lazy(() => import('./pages/coordinator/BookOnBehalf'));
const SessionDetail = lazy(() => import('./pages/coordinator/SessionDetail'));
const AuditLog = lazy(() => import('./pages/coordinator/AuditLog'));
const Flags = lazy(() => import('./pages/coordinator/Flags'));
const CoachReport = lazy(() => import('./pages/CoachReport'));
const Newcomers = lazy(() => import('./pages/coordinator/Newcomers'));
const AdminHome = lazy(() => import('./pages/admin/Home'));
const Users = lazy(() => import('./pages/admin/Users'));
const MyWaitingList = lazy(() => import('./waiting-list/MyWaitingList'));
const RenewWaitingList = lazy(() => import('./waiting-list/RenewWaitingList'));
const DemandPage = lazy(() => import('./waiting-list/DemandPage'));

/** A page for signed-in people; with roles, for those roles only (the API refuses the others anyway). */
function SignedIn({ children, roles }: { children: ReactNode; roles?: string[] }) {
  const session = useSession();
  const location = useLocation();
  if (!session) return <Navigate to={`/sign-in?next=${encodeURIComponent(location.pathname)}`} replace />;
  if (roles && !roles.includes(session.user.role)) return <Navigate to="/sessions" replace />;
  return <>{children}</>;
}

const waiting = (
  <Center py="xl">
    <Loader aria-label="…" />
  </Center>
);

export function App() {
  return (
    <Layout>
      <Suspense fallback={waiting}>
        <Routes>
          <Route path="/" element={<Home />} />
          <Route path="/register" element={<Register />} />
          <Route path="/sign-in" element={<SignIn />} />
          <Route path="/sign-out" element={<SignOut />} />
          <Route
            path="/find"
            element={
              <SignedIn>
                <FindCoach />
              </SignedIn>
            }
          />
          <Route
            path="/sessions"
            element={
              <SignedIn>
                <MySessions />
              </SignedIn>
            }
          />
          <Route
            path="/sessions/:id/reschedule"
            element={
              <SignedIn>
                <Reschedule />
              </SignedIn>
            }
          />
          <Route path="/sessions/:id/outcome" element={<Outcome />} />
          {/* Signs in on the page itself, so the link in a mail or calendar explains where it leads first. */}
          <Route path="/sessions/:id/join" element={<Join />} />
          <Route path="/feedback" element={<Feedback />} />
          <Route
            path="/sessions/:id/report"
            element={
              <SignedIn roles={['coach']}>
                <CoachReport />
              </SignedIn>
            }
          />
          <Route
            path="/staff/flags"
            element={
              <SignedIn roles={['coordinator', 'admin']}>
                <Flags />
              </SignedIn>
            }
          />
          <Route
            path="/coach/hours"
            element={
              <SignedIn roles={['coach']}>
                <CoachHours />
              </SignedIn>
            }
          />
          <Route
            path="/staff"
            element={
              <SignedIn roles={['coordinator']}>
                <Overview />
              </SignedIn>
            }
          />
          <Route
            path="/waiting-list"
            element={
              <SignedIn roles={['newcomer']}>
                <MyWaitingList />
              </SignedIn>
            }
          />
          <Route path="/waiting-list/renew" element={<RenewWaitingList />} />
          <Route
            path="/staff/demand"
            element={
              <SignedIn roles={['coordinator']}>
                <DemandPage />
              </SignedIn>
            }
          />
          <Route
            path="/staff/reports"
            element={
              <SignedIn roles={['coordinator']}>
                <Reports />
              </SignedIn>
            }
          />
          <Route
            path="/staff/coaches"
            element={
              <SignedIn roles={['coordinator']}>
                <Coaches />
              </SignedIn>
            }
          />
          <Route
            path="/staff/book"
            element={
              <SignedIn roles={['coordinator']}>
                <BookOnBehalf />
              </SignedIn>
            }
          />
          <Route
            path="/staff/sessions/:id"
            element={
              <SignedIn roles={['coordinator', 'admin']}>
                <SessionDetail />
              </SignedIn>
            }
          />
          <Route
            path="/staff/audit"
            element={
              <SignedIn roles={['coordinator', 'admin']}>
                <AuditLog />
              </SignedIn>
            }
          />
          <Route
            path="/staff/newcomers"
            element={
              <SignedIn roles={['coordinator']}>
                <Newcomers />
              </SignedIn>
            }
          />
          <Route
            path="/staff/admin"
            element={
              <SignedIn roles={['admin']}>
                <AdminHome />
              </SignedIn>
            }
          />
          <Route
            path="/staff/users"
            element={
              <SignedIn roles={['coordinator', 'admin']}>
                <Users />
              </SignedIn>
            }
          />
          <Route
            path="/me"
            element={
              <SignedIn>
                <MyData />
              </SignedIn>
            }
          />
          <Route path="/forgot-password" element={<AskLink kind="reset" />} />
          <Route path="/email-sign-in" element={<AskLink kind="signIn" />} />
          <Route path="/reset-password" element={<NewPassword kind="reset" />} />
          <Route path="/accept-invitation" element={<NewPassword kind="invitation" />} />
          <Route path="/sign-in-link" element={<SignInLink />} />
          <Route path="/verify-email" element={<VerifyEmail />} />
          <Route
            path="/account"
            element={
              <SignedIn>
                <MyAccount />
              </SignedIn>
            }
          />
          <Route path="*" element={<NotFound />} />
        </Routes>
      </Suspense>
    </Layout>
  );
}
