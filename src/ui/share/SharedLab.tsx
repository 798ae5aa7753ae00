import { useCallback, useEffect, useState } from 'react';
import type { ExperimentConfig } from '../../engine/config/types';
import { encodeConfig } from '../../engine/config/urlCodec';
import type { ConfigStore } from '../../lab/configStore';
import type { RunRecorder } from '../../lab/history/runRecorder';
import type { StorageProblem } from '../../lab/history/runStore';
import { browserQueueJournal } from '../../lab/runner/queueJournal';
import type { HideableName } from '../../lab/share/hideParam';
import type { LinkOrigin } from '../../lab/share/shareLink';
import { App, type AppFooterActions } from '../App';
import { RunsPanel } from '../history/RunsPanel';
import type { TrainingPace } from '../../lab/labApi';
import type { TextSize } from '../../lab/share/viewParams';
import { CopyLinkButton } from './CopyLinkButton';
import { LargeTextToggle } from './LargeTextToggle';
import { ExportMenu } from './ExportMenu';
import { ShareNotice, StorageNotice } from './ShareNotice';

export interface SharedLabProps {
  /** Owns the config, and with it the address bar (back and forward included) and run recording. */
  store: ConfigStore;
  recorder: RunRecorder;
  /** Resolves to why runs will not be saved, or null. */
  storageReady: Promise<StorageProblem | null>;
  linkIssues: string[];
  hidden: ReadonlySet<HideableName>;
  /** Set when the lab was opened from a link. */
  origin: LinkOrigin | null;
  /** From the link's `pace` and `text` (lab/share/viewParams.ts). */
  initialPace?: TrainingPace;
  initialText?: TextSize;
}

/**
 * The lab with what makes experiments shareable around it: copy link, the link's own notice,
 * export, and the run history.
 */
export function SharedLab({
  store,
  recorder,
  storageReady,
  linkIssues,
  hidden,
  origin,
  initialPace = 'full',
  initialText = 'normal',
}: SharedLabProps) {
  const [runningOn, setRunningOn] = useState<string | null>(null);
  const [showOrigin, setShowOrigin] = useState(origin !== null);
  const [storageProblem, setStorageProblem] = useState<string | null>(null);
  const [text, setText] = useState<TextSize>(initialText);
  // Comparisons and sweeps are kept in the browser while they train, so that a reload can resume them.
  const [journal] = useState(browserQueueJournal);

  const onSlowChange = useCallback((slow: boolean) => store.setViewParams({ pace: slow ? 'slow' : 'full' }), [store]);
  const onTextChange = useCallback(
    (next: TextSize) => {
      setText(next);
      store.setViewParams({ text: next });
    },
    [store],
  );

  useEffect(() => {
    // Once, not at every snapshot: React keeps each state update of a component that does not
    // render again (and here each held its whole snapshot), so a long run's page heap grew without bound.
    let known = false;
    return store.api.subscribe((event) => {
      if (event.type !== 'snapshot' || known) return;
      known = true;
      setRunningOn(event.snapshot.backend.name);
    });
  }, [store]);

  // The notice speaks of the run the link opened: once another run is loaded (a reopened run, a
  // sweep's point trained again), it would name the wrong one. A live change (λ) keeps the run.
  useEffect(() => {
    if (!origin) return;
    const opened = encodeConfig(store.getConfig());
    return store.subscribe(() => {
      if (store.lastChange !== 'live' && encodeConfig(store.getConfig()) !== opened) setShowOrigin(false);
    });
  }, [store, origin]);

  useEffect(() => {
    let live = true;
    void storageReady.then((problem) => {
      if (live && problem) setStorageProblem(problem.message);
    });
    const unsubscribe = recorder.subscribe((event) => {
      if (event.type === 'problem') setStorageProblem(event.problem.message);
    });
    return () => {
      live = false;
      unsubscribe();
    };
  }, [storageReady, recorder]);

  const openRun = useCallback(
    (config: ExperimentConfig) => {
      store.load(config);
      document.querySelector('.main')?.scrollTo({ top: 0, behavior: 'smooth' });
    },
    [store],
  );

  const runsPanel = useCallback(
    (app: AppFooterActions) => <RunsPanel recorder={recorder} onOpen={openRun} onShowGroup={app.showGroupInCompare} />,
    [recorder, openRun],
  );

  return (
    <App
      store={store}
      autoPlay
      linkIssues={linkIssues}
      hidden={hidden}
      initialSlow={initialPace === 'slow'}
      onSlowChange={onSlowChange}
      toolbar={
        <div className="share-actions">
          <LargeTextToggle text={text} onChange={onTextChange} />
          <CopyLinkButton />
          <ExportMenu recorder={recorder} />
        </div>
      }
      notices={
        <>
          {origin && showOrigin && <ShareNotice origin={origin} runningOn={runningOn} onDismiss={() => setShowOrigin(false)} />}
          {storageProblem && <StorageNotice message={storageProblem} onDismiss={() => setStorageProblem(null)} />}
        </>
      }
      footer={hidden.has('runs') ? null : runsPanel}
      recorder={recorder}
      journal={journal}
    />
  );
}

