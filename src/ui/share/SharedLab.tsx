import { useCallback, useEffect, useRef, useState } from 'react';
import type { ExperimentConfig } from '../../engine/config/types';
import { decodeConfig } from '../../engine/config/urlCodec';
import type { RunRecorder } from '../../lab/history/runRecorder';
import type { StorageProblem } from '../../lab/history/runStore';
import type { LabApi } from '../../lab/labApi';
import type { AddressBarSync } from '../../lab/share/addressBar';
import type { HideableName } from '../../lab/share/hideParam';
import { MADE_ON_KEY, shareQuery, type LinkOrigin } from '../../lab/share/shareLink';
import { App, type ConfigChangeKind, type LoadRequest } from '../App';
import { RunsPanel } from '../history/RunsPanel';
import { CopyLinkButton } from './CopyLinkButton';
import { ExportMenu } from './ExportMenu';
import { ShareNotice, StorageNotice } from './ShareNotice';

export interface SharedLabProps {
  api: LabApi;
  recorder: RunRecorder;
  /** Resolves to why runs will not be saved, or null. */
  storageReady: Promise<StorageProblem | null>;
  address: AddressBarSync;
  initialConfig?: ExperimentConfig;
  linkIssues: string[];
  /** App parameters of the opening link (backend, hide, madeon), carried on in the address bar. */
  appParams: Record<string, string>;
  hidden: ReadonlySet<HideableName>;
  /** Set when the lab was opened from a link. */
  origin: LinkOrigin | null;
}

/**
 * The lab with what makes experiments shareable around it: the address bar kept equal to the
 * experiment (with back and forward), copy link, the link's own notice, export, and the run history.
 */
export function SharedLab({ api, recorder, storageReady, address, initialConfig, linkIssues, appParams, hidden, origin }: SharedLabProps) {
  const configRef = useRef<ExperimentConfig | null>(initialConfig ?? null);
  const paramsRef = useRef<Record<string, string>>({ ...appParams });
  const [loadRequest, setLoadRequest] = useState<LoadRequest | null>(null);
  const [runningOn, setRunningOn] = useState<string | null>(null);
  const [showOrigin, setShowOrigin] = useState(origin !== null);
  const [storageProblem, setStorageProblem] = useState<string | null>(null);
  const nextRequestId = useRef(1);

  const onConfigChange = useCallback(
    (config: ExperimentConfig, kind: ConfigChangeKind) => {
      configRef.current = config;
      address.update(shareQuery(config, paramsRef.current), kind);
    },
    [address],
  );

  useEffect(() => {
    address.onNavigate((search) => {
      const { config } = decodeConfig(search);
      setLoadRequest({ config, kind: 'restore', id: nextRequestId.current++ });
    });
  }, [address]);

  // The link records the backend it was made on; it becomes known with the first snapshot.
  useEffect(
    () =>
      api.subscribe((event) => {
        if (event.type !== 'snapshot') return;
        const name = event.snapshot.backend.name;
        setRunningOn((prev) => prev ?? name);
        if (paramsRef.current[MADE_ON_KEY] !== name && configRef.current) {
          paramsRef.current = { ...paramsRef.current, [MADE_ON_KEY]: name };
          address.replace(shareQuery(configRef.current, paramsRef.current));
        }
      }),
    [api, address],
  );

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

  const openRun = useCallback((config: ExperimentConfig) => {
    setLoadRequest({ config, kind: 'load', id: nextRequestId.current++ });
    document.querySelector('.main')?.scrollTo({ top: 0, behavior: 'smooth' });
  }, []);

  return (
    <App
      api={api}
      autoPlay
      initialConfig={initialConfig}
      linkIssues={linkIssues}
      onConfigChange={onConfigChange}
      loadRequest={loadRequest}
      hidden={hidden}
      toolbar={
        <div className="share-actions">
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
      footer={hidden.has('runs') ? null : <RunsPanel recorder={recorder} onOpen={openRun} />}
    />
  );
}
