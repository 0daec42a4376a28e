import { describe, it } from 'node:test';
import { createTestContext, describeMessageSenderContract, resolvePluginOptions } from '@clinic-arrivals/plugin-kit/testing';
import plugin from '../src/index.js';
import { AcmeStandIn, STAND_IN_API_KEY } from './stand-in.js';

describeMessageSenderContract(
  {
    name: 'sms-acme',
    capabilities: ['errorMapping', 'findSent'],
    setup: async () => {
      const standIn = new AcmeStandIn();
      const baseUrl = await standIn.start();
      const ctx = createTestContext();
      const options = resolvePluginOptions(plugin, { baseUrl, apiKey: STAND_IN_API_KEY, from: '+61400000000' });
      const instance = plugin.create(options, ctx);
      return {
        sender: instance.service,
        sent: async () => standIn.sent(),
        failNext: (kind) => standIn.failNext(kind),
        loseNextAnswer: () => standIn.loseNextAnswer(),
        teardown: async () => {
          await instance.stop?.();
          await ctx.close();
          await standIn.close();
        },
      };
    },
  },
  { describe, it },
);
