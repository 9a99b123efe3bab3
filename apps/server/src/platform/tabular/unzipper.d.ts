/** The part of unzipper (a dependency of exceljs, without type declarations) that read-xlsx.ts uses. */
declare module 'unzipper' {
  import type { Readable } from 'node:stream';

  /** One entry of a zip's central directory; sizes are as declared by the file, which may lie. */
  export interface CentralDirectoryFile {
    path: string;
    type: 'File' | 'Directory';
    compressedSize: number;
    uncompressedSize: number;
    /** Inflates the entry as it is read. */
    stream(password?: string): Readable;
  }

  export interface CentralDirectory {
    files: CentralDirectoryFile[];
  }

  const unzipper: {
    Open: {
      /** Reads the central directory of a zip held in memory; entries are inflated only when streamed. */
      buffer(buffer: Buffer): Promise<CentralDirectory>;
    };
  };
  export default unzipper;
}
