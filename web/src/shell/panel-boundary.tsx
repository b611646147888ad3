import { Component, type ReactNode } from 'react';

/**
 * Keeps one broken panel (an unexpected answer) from blanking the whole view.
 *
 * @example
 * <PanelBoundary name="Timeline"><TimelinePanel … /></PanelBoundary>
 */
export class PanelBoundary extends Component<
  { name: string; children: ReactNode },
  { failed: string | null }
> {
  override state = { failed: null as string | null };

  static getDerivedStateFromError(error: unknown) {
    return { failed: error instanceof Error ? error.message : String(error) };
  }

  override render() {
    if (this.state.failed === null) return this.props.children;
    return (
      <section className="panel">
        <h2>{this.props.name}</h2>
        <p className="error" role="alert">
          This panel cannot be shown: {this.state.failed}
        </p>
      </section>
    );
  }
}
