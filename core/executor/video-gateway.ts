import type { GuestGrant, GuestLink, VideoProvider, VideoRoom, VideoRoomRequest } from '@clinic-arrivals/plugin-kit';
import { ConfigError } from '@clinic-arrivals/plugin-kit';

/**
 * The video provider when one is configured, or nothing. Lets the executor be injected the
 * same way whether or not `video: none` is set, and fail a video effect with a clear error.
 */
export class VideoGateway {
  constructor(readonly provider?: VideoProvider) {}

  /** True when a video plugin is configured. */
  get enabled(): boolean {
    return this.provider !== undefined;
  }

  /** True when the provider can tell that the patient joined. */
  get detectsJoin(): boolean {
    return !!this.provider?.capabilities.joinDetection && typeof this.provider.hasPatientJoined === 'function';
  }

  createRoom(request: VideoRoomRequest): Promise<VideoRoom> {
    return this.require().createRoom(request);
  }

  closeRoom(room: VideoRoom): Promise<void> {
    return this.require().closeRoom(room);
  }

  async hasPatientJoined(room: VideoRoom): Promise<boolean> {
    const provider = this.require();
    if (!this.detectsJoin) return false;
    return provider.hasPatientJoined!(room);
  }

  /**
   * False when the provider says a stored room is gone (see `VideoProvider.roomIsOpen`);
   * true for providers that cannot lose rooms (no `roomIsOpen`). Rejects when the provider
   * cannot tell (unreachable): the caller must not treat that as gone.
   */
  async roomIsOpen(room: VideoRoom): Promise<boolean> {
    const provider = this.require();
    if (typeof provider.roomIsOpen !== 'function') return true;
    return provider.roomIsOpen(room);
  }

  /** A patient link that works even if the first was used (see `VideoProvider.patientRejoinLink`). */
  async patientRejoinLink(room: VideoRoom, request: VideoRoomRequest): Promise<string> {
    const provider = this.require();
    if (typeof provider.patientRejoinLink !== 'function') return room.patientLink;
    return provider.patientRejoinLink(room, request);
  }

  /** True when the provider makes guest links (`capabilities.guestLinks` and the method). */
  get guestLinks(): boolean {
    return !!this.provider?.capabilities.guestLinks && typeof this.provider.createGuestLink === 'function';
  }

  /** A guest's link into the room (idempotent per grant at the provider). */
  createGuestLink(room: VideoRoom, grant: GuestGrant): Promise<GuestLink> {
    const provider = this.require();
    if (!this.guestLinks) throw new ConfigError('the video provider does not make guest links', 'video.use');
    return provider.createGuestLink!(room, grant);
  }

  /** True when the provider can name the guests in the call (`capabilities.guestJoinDetection` and the method). */
  get detectsGuestJoins(): boolean {
    return !!this.provider?.capabilities.guestJoinDetection && typeof this.provider.guestsInCall === 'function';
  }

  /** Grant ids of the guests in the call now; none when the provider cannot tell. */
  async guestsInCall(room: VideoRoom): Promise<string[]> {
    const provider = this.require();
    if (!this.detectsGuestJoins) return [];
    return provider.guestsInCall!(room);
  }

  /** Stops a guest's link (and removes the guest from the call where the provider can). */
  async revokeGuest(room: VideoRoom, guest: GuestLink): Promise<{ removedFromCall: boolean }> {
    const provider = this.require();
    if (typeof provider.revokeGuest !== 'function') throw new ConfigError('the video provider cannot revoke guest links', 'video.use');
    return provider.revokeGuest(room, guest);
  }

  private require(): VideoProvider {
    if (!this.provider) throw new ConfigError('video is off (video.use: none) but a video step was requested', 'video.use');
    return this.provider;
  }
}
