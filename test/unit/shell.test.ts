import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyTextEdits } from '../../rules/engine/edits';
import { parseDockerfile } from '../../rules/model/dockerfile';
import { deleteWords, parseOptions, programOf, runCommands } from '../../rules/model/shell';
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

  it('records where each separator is written', () => {
    const model = parseDockerfile(new SourceText('Dockerfile', 'FROM a\nRUN curl x | tar -x && \\\n  ls\n'));
    const run = model.instructions[1];
    assert.ok(run);
    assert.deepEqual(
      runCommands(model, run).map((command) => command.separatorRange && formatRange(command.separatorRange)),
      [undefined, '2:12-2:13', '2:21-2:23'],
    );
  });

  it('keeps redirections such as 2>&1 and >| inside their word', () => {
    assert.deepEqual(commandsOf('FROM a\nRUN curl x 2>&1 | sh >|/dev/null &>/tmp/log\n'), [
      'start curl@2:5-2:9 x@2:10-2:11 2>&1@2:12-2:16',
      '| sh@2:19-2:21 >|/dev/null@2:22-2:33 &>/tmp/log@2:34-2:44',
    ]);
  });
});

describe('case statements', () => {
  it('knows a case that follows do or then', () => {
    assert.deepEqual(commandsOf('FROM a\nRUN for b in *; do case "$b" in a | b) continue ;; esac; done\n'), [
      'start for@2:5-2:8 b@2:9-2:10 in@2:11-2:13 *@2:14-2:15',
      '; do@2:17-2:19 case@2:20-2:24 $b@2:25-2:29 in@2:30-2:32',
      '; continue@2:40-2:48',
      '; esac@2:52-2:56',
      '; done@2:58-2:62',
    ]);
  });

  it('reads the patterns of a case as patterns, not pipes, and the branches as commands', () => {
    assert.deepEqual(
      commandsOf(
        'FROM a\nRUN case "$(uname -m)" in \\\n  x86_64 | amd64) arch=x64 ;; \\\n  *) echo no | tee /x; exit 1 ;; \\\n esac; ls\n',
      ),
      [
        'start case@2:5-2:9 $(uname -m)@2:10-2:23 in@2:24-2:26',
        'start uname@2:13-2:18 -m@2:19-2:21',
        '; arch=x64@3:19-3:27',
        '; echo@4:6-4:10 no@4:11-4:13',
        '| tee@4:16-4:19 /x@4:20-4:22',
        '; exit@4:24-4:28 1@4:29-4:30',
        '; esac@5:2-5:6',
        '; ls@5:8-5:10',
      ],
    );
  });
});

describe('substitutions', () => {
  it('keeps $(…) and <(…) inside their word and reads the commands they run', () => {
    assert.deepEqual(commandsOf('FROM a\nRUN ARCH=$(uname -m | sed "s/)//") && bash <(curl -fsSL x)\n'), [
      'start ARCH=$(uname -m | sed "s/)//")@2:5-2:35',
      'start uname@2:12-2:17 -m@2:18-2:20',
      '| sed@2:23-2:26 s/)//@2:27-2:34',
      '&& bash@2:39-2:43 <(curl -fsSL x)@2:44-2:59',
      'start curl@2:46-2:50 -fsSL@2:51-2:56 x@2:57-2:58',
    ]);
  });
});

describe('substitutions in sh -c scripts', () => {
  it('reads each command once', () => {
    assert.deepEqual(commandsOf('FROM a\nRUN sh -c "$(curl -k x)"\n'), [
      'start sh@2:5-2:7 -c@2:8-2:10 $(curl -k x)@2:11-2:25',
      'start $(curl -k x)@2:12-2:24',
      'start curl@2:14-2:18 -k@2:19-2:21 x@2:22-2:23',
    ]);
  });
});

describe('shell command helpers', () => {
  const parse = (text: string) => {
    const model = parseDockerfile(new SourceText('Dockerfile', text));
    const run = model.instructions.find((instruction) => instruction.getKeyword() === 'RUN');
    assert.ok(run);
    return { model, commands: runCommands(model, run) };
  };

  it('finds the program past assignments, reserved words and wrappers', () => {
    const { commands } = parse('FROM a\nRUN if true; then X=1 sudo -u root -E env Y=2 /usr/bin/curl.exe -k x; fi\n');
    assert.deepEqual(
      commands.map((command) => programOf(command)?.name),
      ['true', 'curl', 'fi'],
    );
  });

  it('reads short-option clusters, attached and separate values, and long options', () => {
    const { commands } = parse('FROM a\nRUN curl -fsSLk -o out -Hx --retry 3 --insecure=yes url -- -k\n');
    const words = commands[0]?.words.slice(1) ?? [];
    const { options, operands } = parseOptions(words, { shortWithValue: 'oH', longWithValue: ['--retry'] });
    assert.deepEqual(
      options.map((option) => `${option.name}${option.value === undefined ? '' : `=${option.value}`}`),
      ['-f', '-s', '-S', '-L', '-k', '-o=out', '-H=x', '--retry=3', '--insecure=yes'],
    );
    assert.deepEqual(
      operands.map((word) => word.value),
      ['url', '-k'],
    );
  });

  it('deletes words tidily: mid-line, on their own continuation line, and at the end of a continued command', () => {
    const removeFlag = (text: string, flag: string) => {
      const { model, commands } = parse(text);
      const command = commands.find((c) => c.words.some((word) => word.value === flag));
      const word = command?.words.find((w) => w.value === flag);
      assert.ok(command && word);
      const edit = deleteWords(model, command, word, word);
      return edit && applyTextEdits(text, [edit]);
    };
    assert.equal(removeFlag('FROM a\nRUN curl -k x\n', '-k'), 'FROM a\nRUN curl x\n');
    assert.equal(removeFlag('FROM a\nRUN curl x -k; ls\n', '-k'), 'FROM a\nRUN curl x; ls\n');
    assert.equal(removeFlag('FROM a\nRUN curl \\\n  -k \\\n  x\n', '-k'), 'FROM a\nRUN curl \\\n  x\n');
    assert.equal(removeFlag('FROM a\nRUN curl x \\\n  -k\n', '-k'), 'FROM a\nRUN curl x\n');
    assert.equal(removeFlag('FROM a\nRUN curl x \\\n  # why\n  -k\n', '-k'), undefined);
    assert.equal(removeFlag('FROM a\nRUN ["curl", "-k", "x"]\n', '-k'), undefined);
  });
});
