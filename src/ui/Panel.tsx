import { useId, type ReactNode } from 'react';

export function Panel({
  title,
  subtitle,
  area,
  children,
}: {
  title: string;
  subtitle?: ReactNode;
  area: string;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <section className={`panel panel-${area}`} style={{ gridArea: area }} aria-labelledby={id} data-testid={`panel-${area}`}>
      <header className="panel-head">
        <h2 id={id}>{title}</h2>
        {subtitle && (
          <p className="panel-sub" title={typeof subtitle === 'string' ? subtitle : undefined}>
            {subtitle}
          </p>
        )}
      </header>
      <div className="panel-body">{children}</div>
    </section>
  );
}
