import { memo, startTransition, useCallback, useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import { summarizeBudget } from '../engine/config/budgetSummary';
import { refuseOverBudget } from '../engine/config/fitBudget';
import { switchDataset } from '../engine/config/defaults';
import { isImageDataset, type ExperimentConfig } from '../engine/config/types';
import type { Snapshot } from '../engine/training/snapshot';
import type { ConfigStore } from '../lab/configStore';
import type { RunRecorder } from '../lab/history/runRecorder';
import type { LabApi, LabStatus } from '../lab/labApi';
import type { QueueJournal } from '../lab/runner/queueJournal';
import { About } from './About';
import { BudgetEstimate } from './controls/BudgetEstimate';
import { DatasetControls } from './controls/DatasetControls';
import { ModelControls } from './controls/ModelControls';
import { PriorControls } from './controls/PriorControls';
import { LambdaDock } from './controls/LambdaDock';
import { TrainingControls } from './controls/TrainingControls';
import { Header } from './Header';
import { Metrics } from './Metrics';
import { Panel } from './Panel';
import { CoreNetworkPanel } from './panels/CoreNetworkPanel';
import { CurvesPanel } from './panels/CurvesPanel';
import { GatesPanel } from './panels/GatesPanel';
import { KernelPanel } from './panels/KernelPanel';
import { PathLengthPanel } from './panels/PathLengthPanel';
import { PreviewPanel } from './panels/PreviewPanel';
import { AlertBar, LinkNotice, StatusLine, WorkerRestartedNotice } from './StatusBanner';
import { Transport } from './Transport';
import { CompareView, type ShownGroup } from './compare/CompareView';
import { ViewTabs, type MainView } from './compare/ViewTabs';
import { createRunnerApi as createWorkerRunnerApi } from '../lab/runner/runnerClient';
import { firstTrainedStep } from './snapshotPriority';
import { useLatest } from './useLatest';

/** The compare view redraws only when the lab's settings change, not with every snapshot of the lab's run. */
const StableCompareView = memo(CompareView);
/**
 * Neither do the controls, the header, the tabs and the notes: a snapshot several times a second
 * re-rendered the whole sidebar (every field, select and slider) though nothing in it had changed.
 * Their callbacks below keep their identity between snapshots so these memos hold.
 */
const StableDatasetControls = memo(DatasetControls);
const StableModelControls = memo(ModelControls);
const StableTrainingControls = memo(TrainingControls);
const StableHeader = memo(Header);
const StableViewTabs = memo(ViewTabs);
const StableAbout = memo(About);

export interface AppProps {
  /** Owns the config; its api is the training worker. */
  store: ConfigStore;
  /** Names of controls and panels to leave out (classroom links, see lab/share/hideParam.ts). */
  hidden?: ReadonlySet<string>;
  /**
   * Extra header actions (copy link, export), notices under the header, and sections under the
   * panels; the footer may be made from what the app offers it (it should keep its identity: it is
   * called again only when it changes).
   */
  toolbar?: ReactNode;
  notices?: ReactNode;
  footer?: ReactNode | ((app: AppFooterActions) => ReactNode);
  /** Start training as soon as the first run is loaded (the lab opens alive). */
  autoPlay?: boolean;
  /** Problems found in the link the lab was opened with, shown until dismissed. */
  linkIssues?: string[];
  /** Open in slow mode (a link's `pace=slow`), and say when the user switches it. */
  initialSlow?: boolean;
  onSlowChange?: (slow: boolean) => void;
  /** The compare view's own training worker (default: a second worker on the lab's backend). */
  createRunnerApi?: () => LabApi;
  /** Keeps the compare view's comparisons and sweeps with the lab's runs. */
  recorder?: RunRecorder;
  /** Keeps running comparisons and sweeps so that a reload can resume them (lab/runner/queueJournal.ts). */
  journal?: QueueJournal;
}

/** What the app offers the sections under its panels (the Runs list). */
export interface AppFooterActions {
  /** Show a kept comparison or sweep in the Compare tab, as it ended. */
  showGroupInCompare: (groupId: string) => void;
}

export function App({
  store,
  autoPlay = false,
  linkIssues = [],
  hidden,
  toolbar,
  notices,
  footer,
  createRunnerApi,
  initialSlow = false,
  onSlowChange,
  recorder,
  journal,
}: AppProps) {
  const shown = (name: string) => !hidden?.has(name);
  const [visibleLinkIssues, setVisibleLinkIssues] = useState(linkIssues);
  const config = useSyncExternalStore(store.subscribe, store.getConfig);
  const api = store.api;
  const [snapshot, setSnapshot] = useState<Snapshot | null>(null);
  const [status, setStatus] = useState<{ status: LabStatus; message: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [workerNotice, setWorkerNotice] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const [slow, setSlowState] = useState(initialSlow);
  const [slowAtStart] = useState(initialSlow);
  const [autoPlayOnce] = useState(autoPlay);
  const onSlowChangeRef = useLatest(onSlowChange);
  const setSlow = useCallback(
    (next: boolean) => {
      setSlowState(next);
      api.setPace(next ? 'slow' : 'full');
      onSlowChangeRef.current?.(next);
    },
    [api, onSlowChangeRef],
  );

  useEffect(() => {
    let latestSnapshot: Snapshot | null = null;
    const unsubscribe = api.subscribe((event) => {
      if (event.type === 'snapshot') {
        const previous = latestSnapshot;
        latestSnapshot = event.snapshot;
        const show = () => {
          setSnapshot(event.snapshot);
          setRunning(event.snapshot.running);
        };
        // Snapshots stream several times a second: let React render them at low priority, but a run's
        // first trained step at once (a later snapshot would restart its render, issue #17).
        if (firstTrainedStep(previous?.step ?? null, event.snapshot.step)) show();
        else startTransition(show);
      } else if (event.type === 'status') {
        // The worker posts its last snapshot before a status: show them together, so "Paused" never sits beside a stale step.
        if (latestSnapshot) setSnapshot(latestSnapshot);
        setStatus({ status: event.status, message: event.message });
        setRunning(event.status === 'running');
        if (event.status === 'error') setError(event.message || 'The training worker reported an error.');
      } else if (event.type === 'restarted') {
        // A fresh worker replaced one that died (worker/workerSupervisor.ts): say so, and load the settings again.
        setRunning(false);
        setError(null);
        setWorkerNotice(event.message);
        if (event.reload) api.load(store.getConfig());
      } else {
        setError(event.message);
      }
    });
    store.open();
    if (slowAtStart) api.setPace('slow');
    if (autoPlayOnce) api.play();
    return unsubscribe;
  }, [store, api, autoPlayOnce, slowAtStart]);

  const loadConfig = useCallback(
    (next: ExperimentConfig) => {
      setError(null);
      store.load(next);
      // A new dataset, model or run trains at once, like a first visit; back and forward (the store's restore) only show.
      // A model over the budget is not started by the worker, and its refusal stays on screen.
      if (autoPlayOnce && !refuseOverBudget(next)) api.play();
    },
    [store, api, autoPlayOnce],
  );

  const [view, setView] = useState<MainView>('lab');
  const [queuesWaiting, setQueuesWaiting] = useState(0);
  // Memoized: the tabs re-render only when their mark changes, not at every snapshot.
  const tabMarks = useMemo(() => (queuesWaiting > 0 ? { compare: `${queuesWaiting} interrupted` } : {}), [queuesWaiting]);
  // A second worker on the backend the lab chose skips timing the backends again.
  const runnerApi = useCallback(
    () => (createRunnerApi ? createRunnerApi() : createWorkerRunnerApi(store.backend)),
    [createRunnerApi, store],
  );
  const pauseLab = useCallback(() => api.pause(), [api]);
  const openInLab = useCallback(
    (next: ExperimentConfig, options?: { slow?: boolean }) => {
      if (options?.slow) setSlow(true);
      loadConfig(next);
      setView('lab');
      if (!autoPlayOnce) api.play(); // else loadConfig already plays
      // The lab starts at its top, not where the compare view was scrolled to.
      scrollToTop();
    },
    [api, loadConfig, autoPlayOnce, setSlow],
  );
  const [shownGroup, setShownGroup] = useState<ShownGroup | null>(null);
  const showGroupInCompare = useCallback((id: string) => {
    setShownGroup((prev) => ({ id, request: (prev?.request ?? 0) + 1 }));
    setView('compare');
  }, []);
  // Made once (and again only if the footer changes): the Runs list does not redraw with each snapshot.
  const footerNode = useMemo(() => (typeof footer === 'function' ? footer({ showGroupInCompare }) : footer), [footer, showGroupInCompare]);
  // A hidden view does not render: the lab's panels only while the lab is shown.
  const labShown = view === 'lab';

  const backendName = snapshot?.backend.name ?? null;
  const budget = useMemo(() => summarizeBudget(config, backendName), [config, backendName]);
  const budgetEstimate = useMemo(() => <BudgetEstimate summary={budget} />, [budget]);
  const eps = config.prior.eps;
  // The controls' callbacks: the same functions from one snapshot to the next (they change with the settings only).
  const onLambda = useCallback((lambda: number) => store.change({ prior: { lambda } }), [store]);
  const onPrior = useCallback((prior: Partial<ExperimentConfig['prior']>) => store.change({ prior }), [store]);
  const onSnap = useCallback(() => api.snap(), [api]);
  const onDataset = useCallback(
    (dataset: ExperimentConfig['dataset']) => loadConfig(dataset.kind === config.dataset.kind ? { ...config, dataset } : switchDataset(config, dataset.kind)),
    [config, loadConfig],
  );
  const onModel = useCallback((model: ExperimentConfig['model']) => loadConfig({ ...config, model }), [config, loadConfig]);
  const onOptimizer = useCallback((optimizer: ExperimentConfig['optimizer']) => loadConfig({ ...config, optimizer }), [config, loadConfig]);
  const onTraining = useCallback((training: ExperimentConfig['training']) => loadConfig({ ...config, training }), [config, loadConfig]);
  // Slow mode before a late prior: the warm-up can be skipped to where the prior comes on.
  const priorAhead =
    slow && snapshot && !snapshot.finished && snapshot.diverged == null && config.prior.lambda > 0 && snapshot.priorOnStep == null && snapshot.priorStartStep > snapshot.step
      ? snapshot.priorStartStep
      : null;
  const onLearningRate = useCallback((learningRate: number) => store.change({ optimizer: { learningRate } }), [store]);
  return (
    <div className="app">
      <header className="app-header">
        <StableHeader backend={snapshot?.backend ?? null} />
        <div className="header-row">
          <Transport
            snapshot={snapshot}
            running={running}
            epochs={config.training.epochs}
            onPlay={() => api.play()}
            onPause={() => api.pause()}
            onStep={() => api.step()}
            onReset={() => {
              setError(null);
              store.reset();
            }}
            slow={slow}
            onSlowChange={setSlow}
            priorAhead={priorAhead}
            onSkipToPrior={priorAhead === null ? undefined : () => api.skipTo(priorAhead)}
          />
          <StatusLine status={status?.status ?? null} message={status?.message ?? ''} />
          {toolbar}
        </div>
        <AlertBar
          error={error}
          diverged={snapshot?.diverged ?? null}
          checkpointStep={snapshot?.checkpointStep ?? null}
          onDismissError={() => setError(null)}
          onRewind={() => api.rewind()}
        />
        {workerNotice && <WorkerRestartedNotice message={workerNotice} onDismiss={() => setWorkerNotice(null)} />}
        <LinkNotice issues={visibleLinkIssues} onDismiss={() => setVisibleLinkIssues([])} />
        {notices}
      </header>

      <aside className="sidebar" aria-label="Experiment controls">
        {shown('prior') && <PriorControls
          prior={config.prior}
          lambdaInForce={snapshot ? snapshot.lambda : null}
          priorActive={snapshot?.priorActive ?? false}
          progress={snapshot ? { step: snapshot.step, startStep: snapshot.priorStartStep, finished: snapshot.finished, running } : undefined}
          onLambda={onLambda}
          onPrior={onPrior}
          onSnap={onSnap}
        />}
        {shown('data') && <StableDatasetControls dataset={config.dataset} onChange={onDataset} />}
        {shown('architecture') && <StableModelControls
          model={config.model}
          allowCnn={isImageDataset(config.dataset.kind)}
          onChange={onModel}
        >
          {budgetEstimate}
        </StableModelControls>}
        {shown('training') && <StableTrainingControls
          optimizer={config.optimizer}
          training={config.training}
          onOptimizer={onOptimizer}
          onTraining={onTraining}
          onLearningRate={onLearningRate}
        />}
      </aside>

      <main className={`main view-${view}`}>
        <StableViewTabs view={view} onChange={setView} marks={tabMarks} />
        <StableCompareView
          base={config}
          createRunnerApi={runnerApi}
          onRunsStarting={pauseLab}
          onAdoptConfig={loadConfig}
          onOpenInLab={openInLab}
          recorder={recorder}
          journal={journal}
          onQueuesWaiting={setQueuesWaiting}
          shownGroup={shownGroup}
        />
        {labShown && shown('metrics') && <Metrics snapshot={snapshot} />}
        {labShown && <div className="panels">
          {shown('core') && <Panel
            title="Core network"
            area="core"
            subtitle="Dots: nonlinear channels (size, colour = 1 − a) · lines: weights · pills: linear channels"
          >
            {snapshot ? <CoreNetworkPanel core={snapshot.core} /> : <Placeholder />}
          </Panel>}
          {shown('preview') && <Panel
            title="Predictions"
            area="preview"
            subtitle={snapshot ? `${snapshot.dataset.kind} · at step ${(snapshot.previewStep ?? snapshot.step).toLocaleString('en-US')}` : undefined}
          >
            {snapshot ? <PreviewPanel preview={snapshot.preview} classNames={snapshot.dataset.classNames} /> : <Placeholder />}
          </Panel>}
          {shown('gates') && <Panel title="Gates" area="gates" subtitle="Slope a per channel and layer">
            {snapshot ? <GatesPanel gates={snapshot.gates} eps={snapshot.eps ?? eps} /> : <Placeholder />}
          </Panel>}
          {shown('pathlen') && <Panel title="Path lengths" area="pathlen" subtitle="Nonlinear channels met per path">
            {snapshot ? <PathLengthPanel apl={snapshot.apl} aplAllNonlinear={snapshot.aplAllNonlinear} /> : <Placeholder />}
          </Panel>}
          {shown('curves') && <Panel title="Training curves" area="curves" subtitle="Against training step">
            {snapshot ? (
              <CurvesPanel
                history={snapshot.history}
                // Where the prior really came on; before it has, where the schedule will switch it on (if λ > 0).
                priorStartStep={snapshot.priorOnStep ?? (config.prior.lambda > 0 ? snapshot.priorStartStep : -1)}
                totalSteps={snapshot.totalSteps}
              />
            ) : (
              <Placeholder />
            )}
          </Panel>}
          {shown('kernel') && <Panel title="Tangent kernel" area="kernel" subtitle="How far and how fast the network's tangent kernel moves">
            {snapshot ? (
              <KernelPanel history={snapshot.history} priorStartStep={snapshot.priorStartStep} totalSteps={snapshot.totalSteps} />
            ) : (
              <Placeholder />
            )}
          </Panel>}
        </div>}
        {footerNode}
        <StableAbout />
      </main>
      {labShown && shown('prior') && <LambdaDock lambda={config.prior.lambda} onLambda={onLambda} />}
    </div>
  );
}

function scrollToTop() {
  if (typeof window.scrollTo === 'function' && !/jsdom/i.test(navigator.userAgent)) window.scrollTo({ top: 0 });
  const main = document.querySelector('.main');
  if (main && typeof main.scrollTo === 'function') main.scrollTo({ top: 0 });
}

function Placeholder() {
  return <div className="placeholder">Waiting for the first snapshot…</div>;
}
