/** Generated code and the files it needs beside it (a reproduction script's data sidecar). */
export interface ExportOutput {
  text: string;
  sidecars: { name: string; text: string }[];
}
