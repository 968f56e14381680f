import { Component, type ReactNode } from 'react';

/**
 * Shows `fallback` (the result as JSON) when a result view cannot draw a result, e.g. an algorithm's
 * newer answer shape: the numbers stay readable instead of the page breaking.
 */
export class ResultBoundary extends Component<
  { children: ReactNode; fallback: ReactNode },
  { failed: boolean }
> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render() {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}
