import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Role } from '@app/shared';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@app/users';
import { ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsEmail, IsEnum, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { IsOptionalNotNull } from '../../http/optional.js';
import { IsPhone, PHONE_INPUT } from '../../http/phone.js';
import { PageQueryDto } from '../../http/pagination.dto.js';

export class CreateUserRequestDto {
  @ApiProperty({ format: 'email', example: 'gate1@example.com', maxLength: 254 })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH, example: 'correct horse battery staple' })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(PASSWORD_MAX_LENGTH)
  password: string;

  @ApiProperty({ example: 'Gate 1 scanner', maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
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

  @ApiPropertyOptional({ example: 'Gate 2 scanner', maxLength: 200 })
  @IsOptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
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
