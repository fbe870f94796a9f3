declare module "swagger-ui-dist/absolute-path.js" {
  /** The folder holding the package's static files. */
  export default function getAbsoluteFSPath(): string;
}
