import { applyDecorators, Type, UseInterceptors } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, getSchemaPath } from '@nestjs/swagger';
import { LINK_HEADER_DOC } from './api-page-links.decorator';
import { PageLinksDto } from './page-links.dto';
import { PageLinksInterceptor } from './page-links.interceptor';
import { PageMetaDto } from './page-meta.dto';

/**
 * Documents a `{ data: Item[], meta: PageMeta }` response with named schemas and its `Link`
 * header, and adds the links (`meta.links` and `Link`) to every response of the route.
 */
export function ApiPaginatedResponse(item: Type<unknown>, description = 'One page of the list.') {
  return applyDecorators(
    UseInterceptors(PageLinksInterceptor),
    ApiExtraModels(PageMetaDto, PageLinksDto, item),
    ApiOkResponse({
      description,
      headers: { Link: LINK_HEADER_DOC },
      schema: {
        type: 'object',
        required: ['data', 'meta'],
        properties: {
          data: { type: 'array', items: { $ref: getSchemaPath(item) } },
          meta: { $ref: getSchemaPath(PageMetaDto) },
        },
      },
    }),
  );
}
