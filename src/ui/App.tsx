import { startTransition, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { summarizeBudget } from '../engine/config/budgetSummary';
import { defaultConfig } from '../engine/config/defaults';
import { isImageDataset, type ExperimentConfig, type PriorConfig } from '../engine/config/types';
import type { Snapshot } from '../engine/training/snapshot';
import type { LabApi, LabStatus } from '../lab/labApi';
import { About } from './About';
import { BudgetEstimate } from './controls/BudgetEstimate';
import { DatasetControls } from './controls/DatasetControls';
import { ModelControls } from './controls/ModelControls';
import { PriorControls } from './controls/PriorControls';
import { TrainingControls } from './controls/TrainingControls';
import { Header } from './Header';
import { Metrics } from './Metrics';
import { Panel } from './Panel';
import { CoreNetworkPanel } from './panels/CoreNetworkPanel';
import { CurvesPanel } from './panels/CurvesPanel';
import { GatesPanel } from './panels/GatesPanel';
import { PathLengthPanel } from './panels/PathLengthPanel';
import { PreviewPanel } from './panels/PreviewPanel';
import { AlertBar, LinkNotice, StatusLine } from './StatusBanner';
import { Transport } from './Transport';
import { CompareView } from './compare/CompareView';
import { ViewTabs, type MainView } from './compare/ViewTabs';
import { createRunnerApi as createWorkerRunnerApi } from '../lab/runner/runnerClient';

/** How a config came about: a reload of the run, a live change while it trains, or a return to an earlier one (back/forward). */
export type ConfigChangeKind = 'load' | 'live' | 'restore';

/** A config to open from outside the controls (back/forward, a run reopened from the history). */
export interface LoadRequest {
  config: ExperimentConfig;
  kind: 'load' | 'restore';
  /** A new id asks again even for an equal config. */
  id: number;
}

export interface AppProps {
  api: LabApi;
  initialConfig?: ExperimentConfig;
  /** Called with every config the user makes (structural or live), e.g. to sync the URL. */
  onConfigChange?: (config: ExperimentConfig, kind: ConfigChangeKind) => void;
  loadRequest?: LoadRequest | null;
  /** Names of controls and panels to leave out (classroom links, see lab/share/hideParam.ts). */
  hidden?: ReadonlySet<string>;
  /** Extra header actions (copy link, export), notices under the header, and sections under the panels. */
  toolbar?: ReactNode;
  notices?: ReactNode;
  footer?: ReactNode;
  /** Start training as soon as the first run is loaded (the lab opens alive). */
  autoPlay?: boolean;
  /** Problems found in the link the lab was opened with, shown until dismissed. */
  linkIssues?: string[];
  /** The compare view's own training worker (default: a second worker on the lab's backend). */
  createRunnerApi?: () => LabApi;
}

/** A dataset change may rule out the current model (CNNs need images). */
export function reconcileConfig(config: ExperimentConfig): ExperimentConfig {
  if (config.model.kind === 'cnn' && !isImageDataset(config.dataset.kind)) {
    return { ...config, model: { ...config.model, kind: 'mlp' } };
  }
  return config;
}

export function App({
  api,
  initialConfig,
  onConfigChange,
  autoPlay = false,
  linkIssues = [],
  loadRequest = null,
  hidden,
  toolbar,
  notices,
  footer,
  createRunnerApi,
}: AppProps) {
  const shown = (name: string) => !hidden?.has(name);
  const [visibleLinkIssues, setVisibleLinkIssues] = useState(linkIssues);
  const [config, setConfig] = useState<ExperimentConfig>(() => initialConfig ?? defaultConfig());
  const [snapshot, setSnapshot] = useState<Snapshot | null>(null);
  const [status, setStatus] = useState<{ status: LabStatus; message: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const [slow, setSlow] = useState(false);
  const configRef = useRef(config);
  configRef.current = config;
  const autoPlayRef = useRef(autoPlay);
  const onConfigChangeRef = useRef(onConfigChange);
  onConfigChangeRef.current = onConfigChange;

  useEffect(() => {
    let latestSnapshot: Snapshot | null = null;
    const unsubscribe = api.subscribe((event) => {
      if (event.type === 'snapshot') {
        latestSnapshot = event.snapshot;
        // Snapshots stream several times a second: let React render them at low priority.
        startTransition(() => {
          setSnapshot(event.snapshot);
          setRunning(event.snapshot.running);
        });
      } else if (event.type === 'status') {
        // The worker posts its last snapshot before a status: show them together, so "Paused" never sits beside a stale step.
        if (latestSnapshot) setSnapshot(latestSnapshot);
        setStatus({ status: event.status, message: event.message });
        setRunning(event.status === 'running');
        if (event.status === 'error') setError(event.message || 'The training worker reported an error.');
      } else {
        setError(event.message);
      }
    });
    api.load(configRef.current);
    if (autoPlayRef.current) api.play();
    return unsubscribe;
  }, [api]);

  const commit = useCallback((next: ExperimentConfig, kind: ConfigChangeKind = 'live') => {
    setConfig(next);
    onConfigChangeRef.current?.(next, kind);
  }, []);

  const loadConfig = useCallback(
    (next: ExperimentConfig, kind: 'load' | 'restore' = 'load') => {
      const reconciled = reconcileConfig(next);
      setError(null);
      commit(reconciled, kind);
      api.load(reconciled);
    },
    [api, commit],
  );

  useEffect(() => {
    if (loadRequest) loadConfig(loadRequest.config, loadRequest.kind);
  }, [loadRequest, loadConfig]);

  const setLambda = (lambda: number) => {
    commit({ ...config, prior: { ...config.prior, lambda } });
    api.setLambda(lambda);
  };
  const setPrior = (prior: Partial<PriorConfig>) => {
    commit({ ...config, prior: { ...config.prior, ...prior } });
    api.setPrior(prior);
  };
  const setLearningRate = (learningRate: number) => {
    commit({ ...config, optimizer: { ...config.optimizer, learningRate } });
    api.setLearningRate(learningRate);
  };

  const [view, setView] = useState<MainView>('lab');
  const backendNameRef = useRef<string | null>(null);
  backendNameRef.current = snapshot?.backend.name ?? null;
  const runnerApi = useCallback(
    () => (createRunnerApi ? createRunnerApi() : createWorkerRunnerApi(backendNameRef.current)),
    [createRunnerApi],
  );

  const backendName = snapshot?.backend.name ?? null;
  const budget = useMemo(() => summarizeBudget(config, backendName), [config, backendName]);
  const eps = config.prior.eps;
  return (
    <div className="app">
      <header className="app-header">
        <Header backend={snapshot?.backend ?? null} />
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
              api.reset();
            }}
            slow={slow}
            onSlowChange={(next) => {
              setSlow(next);
              api.setPace(next ? 'slow' : 'full');
            }}
          />
          <StatusLine status={status?.status ?? null} message={status?.message ?? ''} />
          {toolbar}
        </div>
        <AlertBar error={error} diverged={snapshot?.diverged ?? null} onDismissError={() => setError(null)} />
        <LinkNotice issues={visibleLinkIssues} onDismiss={() => setVisibleLinkIssues([])} />
        {notices}
      </header>

      <aside className="sidebar" aria-label="Experiment controls">
        {shown('prior') && <PriorControls
          prior={config.prior}
          lambdaInForce={snapshot ? snapshot.lambda : null}
          priorActive={snapshot?.priorActive ?? false}
          onLambda={setLambda}
          onPrior={setPrior}
          onSnap={() => api.snap()}
        />}
        {shown('data') && <DatasetControls dataset={config.dataset} onChange={(dataset) => loadConfig({ ...config, dataset })} />}
        {shown('architecture') && <ModelControls
          model={config.model}
          allowCnn={isImageDataset(config.dataset.kind)}
          onChange={(model) => loadConfig({ ...config, model })}
        >
          <BudgetEstimate summary={budget} />
        </ModelControls>}
        {shown('training') && <TrainingControls
          optimizer={config.optimizer}
          training={config.training}
          onOptimizer={(optimizer) => loadConfig({ ...config, optimizer })}
          onTraining={(training) => loadConfig({ ...config, training })}
          onLearningRate={setLearningRate}
        />}
      </aside>

      <main className={`main view-${view}`}>
        <ViewTabs view={view} onChange={setView} />
        <CompareView
          base={config}
          createRunnerApi={runnerApi}
          onRunsStarting={() => api.pause()}
          onAdoptConfig={(next) => loadConfig(next)}
          onOpenInLab={(next) => {
            loadConfig(next);
            setView('lab');
            api.play();
          }}
        />
        {shown('metrics') && <Metrics snapshot={snapshot} />}
        <div className="panels">
          {shown('core') && <Panel
            title="Core network"
            area="core"
            subtitle="Dots: nonlinear channels (size, colour = 1 − a) · lines: weights · pills: linear channels"
          >
            {snapshot ? <CoreNetworkPanel core={snapshot.core} /> : <Placeholder />}
          </Panel>}
          {shown('preview') && <Panel title="Predictions" area="preview" subtitle={snapshot ? snapshot.dataset.kind : undefined}>
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
              <CurvesPanel history={snapshot.history} priorStartStep={snapshot.priorStartStep} totalSteps={snapshot.totalSteps} />
            ) : (
              <Placeholder />
            )}
          </Panel>}
        </div>
        {footer}
        <About />
      </main>
    </div>
  );
}

function Placeholder() {
  return <div className="placeholder">Waiting for the first snapshot…</div>;
}
