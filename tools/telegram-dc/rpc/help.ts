import { Api } from 'telegram';
import { expectRequest, type HandlerTable } from './context';
import { appConfigFor } from './standing';

/** help.* — config with the sandbox's own DC addresses, nearest DC, terms of service. */
export const helpHandlers: HandlerTable = {
  'help.getConfig': (_req, ctx) => {
    const t = Math.floor(Date.now() / 1000);
    return new Api.Config({
      date: t,
      expires: t + 3600,
      testMode: false,
      thisDc: ctx.rt.id,
      dcOptions: ctx.rt
        .allDcs()
        .map((d) => new Api.DcOption({ id: d.id, ipAddress: d.host, port: d.port })),
      dcTxtDomainName: 'sandbox.invalid',
      chatSizeMax: 200,
      megagroupSizeMax: 200000,
      forwardedCountMax: 100,
      onlineUpdatePeriodMs: 210000,
      offlineBlurTimeoutMs: 5000,
      offlineIdleTimeoutMs: 30000,
      onlineCloudTimeoutMs: 300000,
      notifyCloudDelayMs: 30000,
      notifyDefaultDelayMs: 1500,
      pushChatPeriodMs: 60000,
      pushChatLimit: 2,
      editTimeLimit: 172800,
      revokeTimeLimit: 2147483647,
      revokePmTimeLimit: 2147483647,
      ratingEDecay: 2419200,
      stickersRecentLimit: 200,
      channelsReadMediaPeriod: 604800,
      callReceiveTimeoutMs: 20000,
      callRingTimeoutMs: 90000,
      callConnectTimeoutMs: 30000,
      callPacketTimeoutMs: 10000,
      meUrlPrefix: 'https://t.me/',
      captionLengthMax: 1024,
      messageLengthMax: 4096,
      webfileDcId: ctx.rt.id,
    });
  },

  'help.getNearestDc': (_req, ctx) =>
    new Api.NearestDc({ country: 'ZZ', thisDc: ctx.rt.id, nearestDc: ctx.rt.id }),

  'help.acceptTermsOfService': (req) => {
    expectRequest(req, Api.help.AcceptTermsOfService);
    return true;
  },

  // Account health (issue 15)
  'help.getAppConfig': (req, ctx) => {
    expectRequest(req, Api.help.GetAppConfig);
    return appConfigFor(ctx);
  },
};
