import { Injectable, NotFoundException, PipeTransform } from '@nestjs/common';

/**
 * Like ParseIntPipe, but an id that cannot name a record (0, -1, abc, beyond
 * 64 bits) is a 404, not a 400: no record has that id.
 */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    if (!/^[1-9][0-9]{0,18}$/.test(value)) {
      throw new NotFoundException('not found');
    }
    const id = Number(value);
    // SQLite rowids fit in 64 bits; ids beyond 2^53 never come from this app.
    if (!Number.isSafeInteger(id)) {
      throw new NotFoundException('not found');
    }
    return id;
  }
}
