import 'reflect-metadata';
import { Get, Param, RequestMethod } from '@nestjs/common';
import {
  METHOD_METADATA,
  PATH_METADATA,
  RESPONSE_PASSTHROUGH_METADATA,
  ROUTE_ARGS_METADATA,
} from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { Response } from 'express';
import { ROLES_KEY } from '../auth/access-metadata';
import { Access } from '../decorators/access.decorator';
import { entityTag } from './entity-tag';
import { EntityTagged } from './entity-tagged.decorator';

class Things {
  @Get(':id')
  @Access('teacher')
  @EntityTagged('read')
  getThing(@Param('id') id: string): Promise<{ id: string; n: number }> {
    return Promise.resolve({ id, n: 1 });
  }
}

function recordingResponse(): { response: Response; headers: Map<string, unknown> } {
  const headers = new Map<string, unknown>();
  const response = { setHeader: (name: string, value: unknown) => headers.set(name, value) };
  return { response: response as unknown as Response, headers };
}

describe('EntityTagged read: the tag set by the handler itself', () => {
  const handler = Things.prototype.getThing as unknown as (...args: unknown[]) => Promise<unknown>;

  it('keeps the route, the access metadata and the name of the handler', () => {
    expect(handler.name).toBe('getThing');
    expect(Reflect.getMetadata(PATH_METADATA, handler)).toBe(':id');
    expect(Reflect.getMetadata(METHOD_METADATA, handler)).toBe(RequestMethod.GET);
    expect(Reflect.getMetadata(ROLES_KEY, handler)).toEqual(['teacher']);
  });

  it('takes the response as a passthrough parameter after its own', () => {
    const args = Reflect.getMetadata(ROUTE_ARGS_METADATA, Things, 'getThing') as Record<
      string,
      { index: number }
    >;
    expect(args[`${RouteParamtypes.RESPONSE}:1`]).toMatchObject({ index: 1 });
    expect(args[`${RouteParamtypes.PARAM}:0`]).toMatchObject({ index: 0, data: 'id' });
    expect(Reflect.getMetadata(RESPONSE_PASSTHROUGH_METADATA, Things, 'getThing')).toBe(true);
  });

  it('returns the JSON it tagged, with its ETag and JSON content type', async () => {
    const { response, headers } = recordingResponse();
    const body = await handler.call(new Things(), 'a1', response);
    expect(body).toBe('{"id":"a1","n":1}');
    expect(headers.get('ETag')).toBe(entityTag({ id: 'a1', n: 1 }));
    expect(headers.get('Content-Type')).toBe('application/json');
  });
});
