export { createGramJsGateway, type GramJsGatewayOptions } from './gramjs-gateway';
export { trustRsaKeys, telegramTestDcs } from './servers';
