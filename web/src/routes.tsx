import { lazy, type ReactNode, Suspense } from 'react';
import { createBrowserRouter } from 'react-router';
import { Layout } from './layout/Layout.tsx';
import { HomePage } from './pages/home/HomePage.tsx';
import { NotFoundPage } from './pages/home/NotFoundPage.tsx';
import { SignInPage } from './pages/sign-in/SignInPage.tsx';
import { Loading } from './ui/ui.tsx';

// Pages with charts and forms load on first use, so the home page stays small.
const CataloguePage = lazy(() => import('./pages/catalogue/CataloguePage.tsx'));
const DatasetPage = lazy(() => import('./pages/catalogue/DatasetPage.tsx'));
const TransparencyPage = lazy(() => import('./pages/transparency/TransparencyPage.tsx'));
const CohortBuilderPage = lazy(() => import('./pages/cohorts/CohortBuilderPage.tsx'));
const RequestsPage = lazy(() => import('./pages/requests/RequestsPage.tsx'));
const NewRequestPage = lazy(() => import('./pages/requests/NewRequestPage.tsx'));
const ReviewsPage = lazy(() => import('./pages/reviews/ReviewsPage.tsx'));
const PermitsPage = lazy(() => import('./pages/permits/PermitsPage.tsx'));
const RunsPage = lazy(() => import('./pages/runs/RunsPage.tsx'));
const NewRunPage = lazy(() => import('./pages/runs/NewRunPage.tsx'));
const RunPage = lazy(() => import('./pages/runs/RunPage.tsx'));
const StationsPage = lazy(() => import('./pages/stations/StationsPage.tsx'));
const StationStewardPage = lazy(() => import('./pages/stewardship/StationStewardPage.tsx'));
const AuditPage = lazy(() => import('./pages/audit/AuditPage.tsx'));
const AdminPage = lazy(() => import('./pages/admin/AdminPage.tsx'));
const MonitoringPage = lazy(() => import('./pages/monitoring/MonitoringPage.tsx'));
const NewMonitorPage = lazy(() => import('./pages/monitoring/NewMonitorPage.tsx'));
const MonitorPage = lazy(() => import('./pages/monitoring/MonitorPage.tsx'));
const MonitorReportPage = lazy(() => import('./pages/monitoring/MonitorReportPage.tsx'));
const RegionalPage = lazy(() => import('./pages/monitoring/RegionalPage.tsx'));
const HybridPage = lazy(() => import('./pages/monitoring/HybridPage.tsx'));
const PublicMonitorsPage = lazy(() => import('./pages/monitoring/PublicMonitorsPage.tsx'));
const PublicMonitorPage = lazy(() => import('./pages/monitoring/PublicMonitorPage.tsx'));
const GovernancePage = lazy(() => import('./pages/governance/GovernancePage.tsx'));
const ModelCardPage = lazy(() => import('./pages/models/ModelCardPage.tsx'));
const SystemFormPage = lazy(() => import('./pages/governance/systems/SystemFormPage.tsx'));
const SystemPage = lazy(() => import('./pages/governance/systems/SystemPage.tsx'));
const ClassifyPage = lazy(() => import('./pages/governance/classification/ClassifyPage.tsx'));
const DocumentPage = lazy(() => import('./pages/governance/documents/DocumentPage.tsx'));
const ReadinessPage = lazy(() => import('./pages/governance/readiness/ReadinessPage.tsx'));
const MatchmakingPage = lazy(() => import('./pages/governance/matchmaking/MatchmakingPage.tsx'));
const ElsaPage = lazy(() => import('./pages/governance/elsa/ElsaPage.tsx'));
const LandscapePage = lazy(() => import('./pages/governance/landscape/LandscapePage.tsx'));

const page = (node: ReactNode) => <Suspense fallback={<Loading />}>{node}</Suspense>;

export const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      { path: '/', element: <HomePage /> },
      { path: '/sign-in', element: <SignInPage /> },
      { path: '/catalogue', element: page(<CataloguePage />) },
      { path: '/catalogue/:id', element: page(<DatasetPage />) },
      { path: '/transparency', element: page(<TransparencyPage />) },
      { path: '/cohorts', element: page(<CohortBuilderPage />) },
      { path: '/requests', element: page(<RequestsPage />) },
      { path: '/requests/new', element: page(<NewRequestPage />) },
      { path: '/reviews', element: page(<ReviewsPage />) },
      { path: '/permits', element: page(<PermitsPage />) },
      { path: '/runs', element: page(<RunsPage />) },
      { path: '/runs/new', element: page(<NewRunPage />) },
      { path: '/runs/:id', element: page(<RunPage />) },
      { path: '/stations', element: page(<StationsPage />) },
      { path: '/stations/:id', element: page(<StationStewardPage />) },
      { path: '/audit', element: page(<AuditPage />) },
      { path: '/admin', element: page(<AdminPage />) },
      { path: '/monitoring', element: page(<MonitoringPage />) },
      { path: '/monitoring/new', element: page(<NewMonitorPage />) },
      { path: '/monitoring/monitors/:id', element: page(<MonitorPage />) },
      { path: '/monitoring/monitors/:id/report', element: page(<MonitorReportPage />) },
      { path: '/monitoring/region', element: page(<RegionalPage />) },
      { path: '/monitoring/hybrid', element: page(<HybridPage />) },
      { path: '/public/monitors', element: page(<PublicMonitorsPage />) },
      { path: '/public/monitors/:id', element: page(<PublicMonitorPage />) },
      { path: '/governance', element: page(<GovernancePage />) },
      { path: '/models/:id', element: page(<ModelCardPage />) },
      { path: '/governance/systems/new', element: page(<SystemFormPage />) },
      { path: '/governance/systems/:id', element: page(<SystemPage />) },
      { path: '/governance/systems/:id/edit', element: page(<SystemFormPage />) },
      { path: '/governance/systems/:id/classify', element: page(<ClassifyPage />) },
      { path: '/governance/systems/:id/documents/:kind', element: page(<DocumentPage />) },
      { path: '/governance/readiness', element: page(<ReadinessPage />) },
      { path: '/governance/matchmaking', element: page(<MatchmakingPage />) },
      { path: '/governance/elsa', element: page(<ElsaPage />) },
      { path: '/governance/landscape', element: page(<LandscapePage />) },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
