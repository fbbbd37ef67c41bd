import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser } from '../common/auth/authenticated-user';
import { Access } from '../common/decorators/access.decorator';
import { CurrentUser } from '../common/decorators/current-user.decorator';
import type { EntityTagCondition } from '../common/http/entity-tag-condition';
import { EntityTagged } from '../common/http/entity-tagged.decorator';
import { IfMatch } from '../common/http/if-match.decorator';
import { ifMatchPrecondition } from '../common/http/precondition';
import { ProblemResponseDto } from '../common/http/problem-response.dto';
import { AlertRulesService } from './alert-rules.service';
import { AlertRulesResponseDto } from './dto/alert-rules-response.dto';
import { ReplaceAlertRulesDto } from './dto/replace-alert-rules.dto';
import { toAlertRuleResponse } from './dto/to-alert-rule-response';
import type { AlertRule } from './entities/alert-rule.entity';

/** The API representation of the rule set, whose entity tag If-Match compares. */
const toRuleSet = (rules: AlertRule[]): AlertRulesResponseDto => ({
  rules: rules.map(toAlertRuleResponse),
});

const HOW_RULES_WORK =
  'Rules are evaluated whenever a prediction is stored (single and batch): each enabled rule whose `metric operator threshold` holds for the prediction (predicted_score, risk_level as a rank 1 low – 3 high) or for the factors it was made from (attendance, hours_studied, previous_scores) opens an alert of the rule’s severity, unless the student already has an unresolved alert from that rule, and notifies the student’s linked account (`alert_opened`).';

@ApiTags('Alerts')
@Controller('alert-rules')
export class AlertRulesController {
  constructor(private readonly rules: AlertRulesService) {}

  @Get()
  @Access('administrator')
  @ApiOperation({
    summary: 'List the alert rules',
    description: `The whole rule set, by name. ${HOW_RULES_WORK} Roles: administrator.`,
  })
  @ApiOkResponse({ type: AlertRulesResponseDto })
  @EntityTagged('read')
  async listAlertRules(): Promise<AlertRulesResponseDto> {
    return toRuleSet(await this.rules.list());
  }

  @Put()
  @Access('administrator')
  @ApiOperation({
    summary: 'Replace the alert rules',
    description: `Replaces the whole rule set atomically and returns it. Rules are matched by name: a rule kept by name keeps its id and its unresolved alerts; rules left out are deleted (their alerts stay, without a rule). Each field is validated; names must be unique (ignoring case); thresholds must fit the metric (0–100, hours_studied 0–60, risk_level 1–3). Any error is a 400 listing every bad field (\`rules.<i>.<field>\`) and changes nothing. Audited. ${HOW_RULES_WORK} Roles: administrator.`,
  })
  @ApiOkResponse({ type: AlertRulesResponseDto })
  @ApiBadRequestResponse({
    description: 'A rule is invalid, names repeat, or more than 50 rules (`validation_failed`).',
    type: ProblemResponseDto,
  })
  @EntityTagged('write')
  async replaceAlertRules(
    @CurrentUser() caller: AuthenticatedUser,
    @Body() body: ReplaceAlertRulesDto,
    @IfMatch() ifMatch: EntityTagCondition | undefined,
  ): Promise<AlertRulesResponseDto> {
    const precondition = ifMatchPrecondition(ifMatch, 'rule set', toRuleSet);
    return toRuleSet(await this.rules.replace(caller, body, precondition));
  }
}
