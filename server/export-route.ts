// GET /campaigns/:id/export.(md|txt|json): the download buttons and scripts use these.
import type { Plugin } from 'graphql-yoga';
import { exportCampaign, exportFileName, exportFormats } from './campaigns/exports.js';
import { quotedId } from './errors.js';
import type { AppServices } from './schema/builder.js';
import { routeFor } from './security/gate.js';

export function useCampaignExports(services: AppServices): Plugin {
  return {
    async onRequest({ url, request, endResponse, fetchAPI }) {
      const route = routeFor(url.pathname, request.method);
      if (route === null || !('kind' in route) || route.kind !== 'export') return;
      const { campaignId, format } = route;
      const campaign = await services.campaigns.find(campaignId);
      if (!campaign) {
        endResponse(
          new fetchAPI.Response(`Campaign ${quotedId(campaignId)} was not found\n`, {
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
        new fetchAPI.Response(exportCampaign(format, campaign, steps, brand, { minScore: services.config.QUALITY_MIN_SCORE }), {
          headers: {
            'content-type': exportFormats[format],
            'content-disposition': `attachment; filename="${exportFileName(campaign)}.${format}"`,
          },
        }),
      );
    },
  };
}
