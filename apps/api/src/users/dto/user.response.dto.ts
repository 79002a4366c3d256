import { ApiProperty } from '@nestjs/swagger';
import { Role } from '@app/shared';
import type { PublicUser } from '@app/users';

export class UserResponseDto {
  @ApiProperty({ format: 'uuid', example: '0193b8c2-7d1e-7c4a-9f1e-2b3c4d5e6f70' })
  id: string;

  @ApiProperty({ format: 'email', example: 'ada@example.com' })
  email: string;

  @ApiProperty({ example: 'Ada Lovelace' })
  name: string;

  @ApiProperty({ example: '+2348012345678', nullable: true, type: String, description: 'E.164; null when none was given.' })
  phone: string | null;

  @ApiProperty({ enum: Role, enumName: 'Role', isArray: true, example: ['customer'] })
  roles: Role[];

  @ApiProperty({ example: false })
  disabled: boolean;

  @ApiProperty({
    example: true,
    description: 'True once the owner proved they receive mail at `email` (self-registered accounts start false; accounts an admin creates are verified).',
  })
  emailVerified: boolean;

  @ApiProperty({ format: 'date-time', example: '2026-11-21T10:00:00.000Z' })
  createdAt: string;

  static from(user: PublicUser): UserResponseDto {
    return Object.assign(new UserResponseDto(), {
      id: user.id,
      email: user.email,
      name: user.name,
      phone: user.phone,
      roles: [...user.roles],
      disabled: user.disabled,
      emailVerified: user.emailVerified,
      createdAt: user.createdAt.toISOString(),
    });
  }
}
