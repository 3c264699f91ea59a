import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, AppConfig } from '@app/config';
import { UsersRepository } from '@app/persistence';
import { ApiException } from '../common/errors/api.exception';
import { ErrorCode } from '../common/errors/error-code';
import { UserResponse } from '../users/dto/user.response';
import { LoginDto, LoginResponse } from './dto/login.dto';
import { LoginRateLimiter } from './login-rate-limiter.service';
import { PasswordHasher } from './password-hasher';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly jwt: JwtService,
    private readonly rateLimiter: LoginRateLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async login(dto: LoginDto, clientAddress: string): Promise<LoginResponse> {
    await this.rateLimiter.consume(dto.email, clientAddress);
    const user = await this.users.findForLogin(dto.email);
    const valid = await this.hasher.verify(user?.passwordHash, dto.password);
    if (!user || !valid) throw new ApiException(ErrorCode.InvalidCredentials);
    await this.users.recordLogin(user.id);
    const accessToken = await this.jwt.signAsync({ sub: user.id });
    return { accessToken, expiresIn: this.config.jwt.expiresInSeconds, user: UserResponse.from(user) };
  }
}
