// GET /campaigns/:id/export.(md|txt|json): the download buttons and scripts use these.
import type { Plugin } from 'graphql-yoga';
import { type ExportFormat, exportCampaign, exportFormats } from './campaigns/exports.js';
import type { AppServices } from './schema/builder.js';

const exportPath = /^\/campaigns\/([^/]+)\/export\.(md|txt|json)$/;

export function useCampaignExports(services: AppServices): Plugin {
  return {
    async onRequest({ url, request, endResponse, fetchAPI }) {
      const match = url.pathname.match(exportPath);
      if (!match || request.method !== 'GET') return;
      const [, id = '', format] = match as [string, string, ExportFormat];
      const campaign = await services.campaigns.find(decodeURIComponent(id));
      if (!campaign) {
        endResponse(
          new fetchAPI.Response(`Campaign "${id}" was not found\n`, {
            status: 404,
            headers: { 'content-type': 'text/plain; charset=utf-8' },
          }),
        );
        return;
      }
      const [steps, brand] = await Promise.all([
        services.campaigns.steps(campaign.id),
        campaign.brandId ? services.brands.find(campaign.brandId) : null,
      ]);
      endResponse(
        new fetchAPI.Response(exportCampaign(format, campaign, steps, brand), {
          headers: {
            'content-type': exportFormats[format],
            'content-disposition': `attachment; filename="campaign-${campaign.id}.${format}"`,
          },
        }),
      );
    },
  };
}
