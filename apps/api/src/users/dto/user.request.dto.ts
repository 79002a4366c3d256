import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Role } from '@app/shared';
import { EMAIL_MAX_LENGTH, EMAIL_RULES, NAME_MAX_LENGTH, NAME_RULES, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, PASSWORD_RULES } from '@app/users';
import { ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { Follows } from '../../auth/account-rules.js';
import { IsOptionalNotNull } from '../../http/optional.js';
import { IsPhone, PHONE_INPUT } from '../../http/phone.js';
import { PageQueryDto } from '../../http/pagination.dto.js';

export class CreateUserRequestDto {
  @ApiProperty({ format: 'email', example: 'gate1@example.com', maxLength: EMAIL_MAX_LENGTH })
  @Follows(EMAIL_RULES)
  email: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH, example: 'correct horse battery staple' })
  @Follows(PASSWORD_RULES)
  password: string;

  @ApiProperty({ example: 'Gate 1 scanner', maxLength: NAME_MAX_LENGTH })
  @Follows(NAME_RULES)
  name: string;

  @ApiPropertyOptional({ example: '+2348012345678', maxLength: 32, description: PHONE_INPUT })
  @IsOptionalNotNull()
  @IsPhone()
  phone?: string;

  @ApiProperty({ enum: Role, enumName: 'Role', isArray: true, example: ['scanner'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsEnum(Role, { each: true })
  roles: Role[];
}

export class UpdateUserRequestDto {
  @ApiPropertyOptional({ enum: Role, enumName: 'Role', isArray: true, example: ['viewer'] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsEnum(Role, { each: true })
  roles?: Role[];

  @ApiPropertyOptional({ example: 'Gate 2 scanner', maxLength: NAME_MAX_LENGTH })
  @IsOptionalNotNull()
  @Follows(NAME_RULES)
  name?: string;

  @ApiPropertyOptional({ example: '+2348012345678', maxLength: 32, nullable: true, type: String, description: `${PHONE_INPUT} \`null\` removes it.` })
  @IsOptional()
  @IsPhone()
  phone?: string | null;

  @ApiPropertyOptional({ example: true, description: 'A disabled user is signed out everywhere at once.' })
  @IsOptionalNotNull()
  @IsBoolean()
  disabled?: boolean;
}

export class ListUsersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: Role, enumName: 'Role' })
  @IsOptional()
  @IsEnum(Role)
  role?: Role;

  @ApiPropertyOptional({ description: 'Case-insensitive part of the e-mail or name.', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}
