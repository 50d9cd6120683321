import { Api } from 'telegram';
import { fromLong, toLong } from '../tl';
import { userToTl } from './builders';
import { expectRequest, requireUser, type HandlerTable, type RpcContext } from './context';
import type { UserRecord } from '../store';
import { rpcError } from '../errors';

function resolveInputUser(
  ctx: RpcContext,
  self: UserRecord,
  input: unknown,
): UserRecord | undefined {
  if (input instanceof Api.InputUserSelf || input instanceof Api.InputPeerSelf) return self;
  if (input instanceof Api.InputUser || input instanceof Api.InputPeerUser) {
    const u = ctx.rt.store.users.get(fromLong(input.userId));
    // Telegram checks access_hash; the service user is reachable with any hash, like 777000 is.
    if (u && (u.isService || fromLong(input.accessHash) === u.accessHash)) return u;
  }
  return undefined;
}

/** The profile Photo of a user, with one small size. */
export function profilePhotoToTl(u: UserRecord): Api.Photo | undefined {
  if (!u.photo) return undefined;
  return new Api.Photo({
    id: toLong(u.photo.id),
    accessHash: toLong(u.accessHash),
    fileReference: Buffer.from('sandbox'),
    date: Math.floor(Date.now() / 1000) - 86400,
    sizes: [new Api.PhotoSize({ type: 'a', w: 32, h: 32, size: u.photo.png.length })],
    dcId: u.dcId,
  });
}

/** users.* — users and full profiles. */
export const usersHandlers: HandlerTable = {
  'users.getUsers': (req, ctx) => {
    const r = expectRequest(req, Api.users.GetUsers);
    const self = requireUser(ctx);
    const out: Api.User[] = [];
    for (const id of r.id) {
      const u = resolveInputUser(ctx, self, id);
      if (u) out.push(userToTl(u, self));
    }
    return out;
  },

  'users.getFullUser': (req, ctx) => {
    const r = expectRequest(req, Api.users.GetFullUser);
    const self = requireUser(ctx);
    const u = resolveInputUser(ctx, self, r.id);
    if (!u) throw rpcError('USER_ID_INVALID');
    return new Api.users.UserFull({
      fullUser: new Api.UserFull({
        id: toLong(u.id),
        about: u.isAccount ? `${u.firstName} lives in the Gramdeck sandbox` : undefined,
        settings: new Api.PeerSettings({}),
        profilePhoto: profilePhotoToTl(u),
        notifySettings: new Api.PeerNotifySettings({}),
        commonChatsCount: 0,
      }),
      chats: [],
      users: [userToTl(u, self)],
    });
  },
};
