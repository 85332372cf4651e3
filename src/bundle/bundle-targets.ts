/** What `webhook-proxy build --target` accepts. */
export type BundleTarget = 'lambda' | 'cloudflare';
export const BUNDLE_TARGETS: readonly BundleTarget[] = ['lambda', 'cloudflare'];
