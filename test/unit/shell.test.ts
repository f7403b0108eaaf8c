import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDockerfile } from '../../rules/model/dockerfile';
import { runCommands } from '../../rules/model/shell';
import { SourceText } from '../../rules/model/source';
import { formatRange } from '../helpers/rule-tester';

/** Each command as `separator word word…`, and each word's range. */
function commandsOf(text: string) {
  const model = parseDockerfile(new SourceText('Dockerfile', text));
  const run = model.instructions.find((instruction) => instruction.getKeyword() === 'RUN');
  assert.ok(run);
  return runCommands(model, run).map(
    (command) =>
      `${command.separator} ${command.words.map((word) => `${word.value}@${formatRange(word.range)}`).join(' ')}`,
  );
}

describe('RUN command words', () => {
  it('splits on operators and keeps quoted words whole', () => {
    assert.deepEqual(commandsOf('FROM a\nRUN curl -sSL "https://x y" |sh && echo ok;true\n'), [
      'start curl@2:5-2:9 -sSL@2:10-2:14 https://x y@2:15-2:28',
      '| sh@2:30-2:32',
      '&& echo@2:36-2:40 ok@2:41-2:43',
      '; true@2:44-2:48',
    ]);
  });

  it('follows continuations and drops the comment lines inside them', () => {
    assert.deepEqual(
      commandsOf('FROM a\nRUN apt-get update && \\\n  # the tools\n  apt-get install -y \\\n    curl\n'),
      ['start apt-get@2:5-2:12 update@2:13-2:19', '&& apt-get@4:3-4:10 install@4:11-4:18 -y@4:19-4:21 curl@5:5-5:9'],
    );
  });

  it('honours the escape directive', () => {
    assert.deepEqual(commandsOf('# escape=`\nFROM a\nRUN echo a `\n  b\n'), [
      'start echo@3:5-3:9 a@3:10-3:11 b@4:3-4:4',
    ]);
  });

  it('skips RUN flags and reads scripts nested in sh -c', () => {
    assert.deepEqual(commandsOf('FROM a\nRUN --mount=type=secret,id=npm sh -c "curl x | bash"\n'), [
      'start sh@2:32-2:34 -c@2:35-2:37 curl x | bash@2:38-2:53',
      'start curl@2:39-2:43 x@2:44-2:45',
      '| bash@2:48-2:52',
    ]);
  });

  it('reads exec form, and the script of ["sh", "-c", …]', () => {
    assert.deepEqual(commandsOf('FROM a\nRUN ["sh", "-c", "wget -qO- x | sh"]\n'), [
      'start sh@2:6-2:10 -c@2:12-2:16 wget -qO- x | sh@2:18-2:36',
      'start wget@2:19-2:23 -qO-@2:24-2:28 x@2:29-2:30',
      '| sh@2:33-2:35',
    ]);
  });

  it('reads a shell heredoc but not one fed to another program', () => {
    assert.deepEqual(commandsOf('FROM a\nRUN <<EOF\nset -e\ncurl x | sh\nEOF\n'), [
      'start <<EOF@2:5-2:10',
      'start set@3:1-3:4 -e@3:5-3:7',
      '; curl@4:1-4:5 x@4:6-4:7',
      '| sh@4:10-4:12',
    ]);
    assert.deepEqual(commandsOf('FROM a\nRUN python3 <<EOF\nimport os | x\nEOF\n'), [
      'start python3@2:5-2:12 <<EOF@2:13-2:18',
    ]);
  });
});
