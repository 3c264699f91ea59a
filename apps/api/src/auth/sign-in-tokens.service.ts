import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, AppConfig } from '@app/config';
import { hashToken, LinkTokens } from '@app/notifications';
import { SignInsRepository, UserEntity } from '@app/persistence';
import { ApiException } from '../common/errors/api.exception';
import { ErrorCode } from '../common/errors/error-code';
import { UserResponse } from '../users/dto/user.response';
import { Actor } from './actor';
import { ClientInfo, deviceOf } from './client-info';
import { LoginResponse } from './dto/login.dto';

/** What an access token says: the account, the token version it was issued under, and the sign-in (device) it belongs to. */
interface AccessClaims {
  sub: string;
  ver: number;
  sid: string;
}

const BEARER = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/;

/**
 * Issues and checks the pair every sign-in returns: a short-lived access JWT
 * and a rotating refresh token (256 random bits, stored as sha256). The JWT
 * is checked against the account on every request (token version, disabled,
 * erased) and against its sign-in (signed out?), so ending access takes
 * effect at once, not when the JWT expires. The API's guard and the queue
 * dashboard both use `verify`.
 */
@Injectable()
export class SignInTokens {
  constructor(
    private readonly jwt: JwtService,
    private readonly signIns: SignInsRepository,
    private readonly secrets: LinkTokens,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async issue(user: UserEntity, client: ClientInfo): Promise<LoginResponse> {
    const refreshToken = randomBytes(32).toString('base64url');
    const signInId = await this.signIns.start(
      user.id,
      user.tokenVersion,
      hashToken(refreshToken),
      this.config.refreshExpiresInSeconds,
      deviceOf(client),
    );
    const accessToken = await this.accessToken(user.id, user.tokenVersion, signInId);
    return { accessToken, expiresIn: this.config.jwt.expiresInSeconds, refreshToken, user: UserResponse.from(user) };
  }

  /**
   * A new pair for an unspent refresh token. A spent one ends its whole
   * sign-in (someone else holds a copy), unless the same device spent it
   * moments ago and its successor is unused: then it is a retry, and gets
   * that same successor again.
   */
  async refresh(refreshToken: string, client: ClientInfo, loadUser: (id: string) => Promise<UserEntity | null>): Promise<LoginResponse> {
    const next = this.secrets.deriveRefreshSuccessor(refreshToken);
    const usedBy = createHash('sha256')
      .update(`${client.address}\n${client.userAgent ?? ''}`, 'utf8')
      .digest();
    const rotation = await this.signIns.rotate(hashToken(refreshToken), hashToken(next), usedBy, this.config.refreshRetryGraceSeconds);
    if (rotation.kind !== 'rotated') {
      throw new ApiException(
        ErrorCode.InvalidRefreshToken,
        rotation.kind === 'reused' ? 'This refresh token was already used; the sign-in it belonged to has been ended' : undefined,
      );
    }
    const user = await loadUser(rotation.userId);
    if (!user) throw new ApiException(ErrorCode.InvalidRefreshToken);
    const accessToken = await this.accessToken(user.id, user.tokenVersion, rotation.signInId);
    return { accessToken, expiresIn: this.config.jwt.expiresInSeconds, refreshToken: next, user: UserResponse.from(user) };
  }

  /** The caller of an Authorization header, or a 401: bad signature, expired, old version, signed out, disabled or erased. */
  async verify(authorization: string | undefined): Promise<Actor> {
    const match = BEARER.exec(authorization ?? '');
    if (!match) throw new ApiException(ErrorCode.Unauthorized, 'Send an access token as "Authorization: Bearer <token>"');
    const invalid = () => new ApiException(ErrorCode.Unauthorized, 'The access token is invalid or has expired');
    let claims: Partial<AccessClaims>;
    try {
      claims = await this.jwt.verifyAsync<Partial<AccessClaims> & object>(match[1]);
    } catch {
      throw invalid();
    }
    if (typeof claims.sub !== 'string' || typeof claims.sid !== 'string' || typeof claims.ver !== 'number') throw invalid();
    if (!/^[0-9a-f-]{36}$/i.test(claims.sub) || !/^[0-9a-f-]{36}$/i.test(claims.sid)) throw invalid();
    const holder = await this.signIns.findAccessHolder(claims.sub, claims.sid);
    if (!holder || holder.erased || !holder.signInLive || holder.tokenVersion !== claims.ver) throw invalid();
    if (holder.disabled) throw new ApiException(ErrorCode.AccountDisabled);
    return {
      id: holder.id,
      role: holder.role,
      academyId: holder.academyId,
      timeZone: holder.timeZone,
      displayName: holder.displayName,
      signInId: claims.sid,
      emailVerified: holder.emailVerified,
    };
  }

  private accessToken(userId: string, tokenVersion: number, signInId: string): Promise<string> {
    const claims: AccessClaims = { sub: userId, ver: tokenVersion, sid: signInId };
    return this.jwt.signAsync(claims);
  }
}
