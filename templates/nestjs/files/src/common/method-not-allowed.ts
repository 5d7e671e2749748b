import { MethodNotAllowedException } from '@nestjs/common';

/**
 * Thrown by the catch-all route of a known path: Express alone would answer 404
 * to a method the path does not serve. The filter turns `allow` into the Allow header.
 */
export class MethodNotAllowed extends MethodNotAllowedException {
  constructor(readonly allow: string[]) {
    super('method not allowed');
  }
}
