import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Role } from '@app/shared';
import type { Actor } from '@app/shared';
import { UsersService } from '@app/users';
import { Authorized, CurrentActor } from '../http/authorization.js';
import { ApiPageResponse, ApiProblems } from '../http/openapi.decorators.js';
import { UuidParamPipe } from '../http/uuid-param.pipe.js';
import { CreateUserRequestDto, ListUsersQueryDto, UpdateUserRequestDto } from './dto/user.request.dto.js';
import { UserResponseDto } from './dto/user.response.dto.js';

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @Authorized(Role.Admin, Role.Viewer)
  @ApiOperation({ summary: 'List users', description: 'Filters: `role`, `q` (part of e-mail or name). Newest first.' })
  @ApiPageResponse(UserResponseDto)
  @ApiProblems(400)
  async list(@Query() query: ListUsersQueryDto) {
    const page = await this.users.list({ role: query.role, q: query.q }, query.toPageRequest());
    return { data: page.data.map(UserResponseDto.from), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @Authorized(Role.Admin, Role.Viewer)
  @ApiOperation({ summary: 'Get a user', description: 'One account with its roles and state (admins).' })
  @ApiOkResponse({ type: UserResponseDto })
  @ApiProblems(400, { 404: '`user_not_found`' })
  async get(@Param('id', UuidParamPipe) id: string): Promise<UserResponseDto> {
    return UserResponseDto.from(await this.users.get(id));
  }

  @Post()
  @Authorized(Role.Admin)
  @ApiOperation({ summary: 'Create a user with roles (staff accounts)', description: 'Audited as `user.created`.' })
  @ApiCreatedResponse({ type: UserResponseDto })
  @ApiProblems(400, { 409: '`email_taken`' })
  async create(@CurrentActor() actor: Actor, @Body() body: CreateUserRequestDto): Promise<UserResponseDto> {
    return UserResponseDto.from(await this.users.create(actor, body));
  }

  @Patch(':id')
  @Authorized(Role.Admin)
  @ApiOperation({
    summary: 'Change roles, name or disabled',
    description: 'Disabling signs the user out everywhere at once. The last enabled admin cannot be demoted or disabled. Audited as `user.updated`.',
  })
  @ApiOkResponse({ type: UserResponseDto })
  @ApiProblems(400, { 404: '`user_not_found`', 409: '`last_admin`' })
  async update(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string, @Body() body: UpdateUserRequestDto): Promise<UserResponseDto> {
    return UserResponseDto.from(await this.users.update(actor, id, body));
  }
}
