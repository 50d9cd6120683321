import { Api } from 'telegram';
import { rpcError } from '../errors';
import type { UserRecord } from '../store';
import { fromLong } from '../tl';
import { photoColorOf } from '../scenario-chats';
import { photoBytes } from './message-tl';
import { expectRequest, requireUser, type HandlerTable } from './context';

/** upload.getFile for profile photos and photo messages (the only files the sandbox has). */
export const uploadHandlers: HandlerTable = {
  'upload.getFile': (req, ctx) => {
    const r = expectRequest(req, Api.upload.GetFile);
    const self = requireUser(ctx);
    const store = ctx.rt.store;
    const loc = r.location;
    let owner: UserRecord | undefined;
    if (loc instanceof Api.InputPeerPhotoFileLocation) {
      const peer = loc.peer;
      owner =
        peer instanceof Api.InputPeerSelf
          ? self
          : peer instanceof Api.InputPeerUser
            ? store.users.get(fromLong(peer.userId))
            : undefined;
      if (owner?.photo && owner.photo.id !== fromLong(loc.photoId)) owner = undefined;
    } else if (loc instanceof Api.InputPhotoFileLocation) {
      const id = fromLong(loc.id);
      for (const u of store.users.values()) if (u.photo?.id === id) owner = u;
      // Chats and messages (issue 16): a photo message's small size, drawn from its id.
      if (!owner && loc.thumbSize === 'm') return fileOf(photoBytes(photoColorOf(id)), r);
    }
    const png = owner?.photo?.png;
    if (!png) throw rpcError('LOCATION_INVALID');
    return fileOf(png, r);
  },
};

/** One part of a PNG file. */
function fileOf(png: Buffer, r: Api.upload.GetFile): Api.upload.File {
  const offset = Number(fromLong(r.offset));
  if (offset < 0 || r.limit <= 0) throw rpcError('LIMIT_INVALID');
  return new Api.upload.File({
    type: new Api.storage.FilePng(),
    mtime: Math.floor(Date.now() / 1000),
    bytes: png.subarray(offset, offset + r.limit),
  });
}
